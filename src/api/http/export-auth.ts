import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { authenticate } from '../auth/authenticate';
import type { Viewer } from '../auth/roles';
import type { VerifySettings } from '../auth/verify-token';

/** An HTTP refusal in GraphQL's error shape, so export clients read one format. */
export function fail(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** The caller of an export endpoint, or null once the refusal (401/403) has been sent and logged. */
export async function exportViewer(tokens: VerifySettings, req: Request, res: Response, log: Logger): Promise<Viewer | null> {
  const auth = await authenticate(tokens, (name) => req.header(name));
  if (!('refused' in auth)) return auth.viewer;
  log.info({ requestId: res.locals.requestId, reason: auth.refused.reason }, 'token refused');
  fail(res, auth.refused.status, auth.refused.code, auth.refused.message);
  return null;
}
