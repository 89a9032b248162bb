import type { ErrorRequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * Errors raised before GraphQL sees the request (body too large, malformed JSON, unsupported charset)
 * and anything else a middleware throws. Express's own handler answers with an HTML page that carries
 * the stack trace outside NODE_ENV=production; callers get a GraphQL-shaped error instead, the log the detail.
 */
export function httpErrors(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, type } = error as { status?: unknown; type?: unknown };
    let body: { status: number; message: string; code: string };
    if (type === 'entity.too.large') body = { status: 413, message: 'request body too large', code: 'REQUEST_TOO_LARGE' };
    else if (typeof status === 'number' && status >= 400 && status < 500) body = { status, message: 'malformed request body', code: 'BAD_REQUEST' };
    else {
      log.error({ err: error, requestId: res.locals.requestId }, 'unexpected error');
      body = { status: 500, message: 'internal error', code: 'INTERNAL_SERVER_ERROR' };
    }
    res.status(body.status).json({ errors: [{ message: body.message, extensions: { code: body.code } }] });
  };
}
