import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type { Logger } from 'pino';

export interface GraphqlEndpointOptions<C extends BaseContext> {
  maxBodyBytes: number;
  /** The request's context; throwing a GraphQLError refuses the request the way Apollo reports it. */
  context(header: (name: string) => string | undefined, requestId: string): Promise<C>;
  log: Logger;
}

/** A request refused before GraphQL sees it; answered in GraphQL's error shape. */
class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const tooLarge = () => new BodyError(413, 'request body too large', 'REQUEST_TOO_LARGE');
const malformed = (status = 400) => new BodyError(status, 'malformed request body', 'BAD_REQUEST');

/**
 * POST and GET /graphql straight from Node's HTTP server to Apollo. Express's router, body parser and
 * response helpers were about a tenth of a profile request's server CPU; this does only what the endpoint
 * needs: a bounded JSON body (413 when too large, 400 when malformed, 415 for another charset or a
 * compressed body), Apollo's own checks (content type, CSRF, batching), and the response as Apollo built it.
 */
export function graphqlEndpoint<C extends BaseContext>(apollo: ApolloServer<C>, options: GraphqlEndpointOptions<C>) {
  return async (req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> => {
    try {
      const body = req.method === 'POST' ? await readJsonBody(req, options.maxBodyBytes) : undefined;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const request: HTTPGraphQLRequest = { method: (req.method ?? 'GET').toUpperCase(), headers, search: query < 0 ? '' : url.slice(query), body };
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: () => options.context((name) => headers.get(name.toLowerCase()), requestId),
      });
      for (const [key, value] of response.headers) res.setHeader(key, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        res.setHeader('content-length', Buffer.byteLength(response.body.string));
        res.end(response.body.string);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (!(error instanceof BodyError)) options.log.error({ err: error, requestId }, 'unexpected error');
      const refusal = error instanceof BodyError ? error : new BodyError(500, 'internal error', 'INTERNAL_SERVER_ERROR');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const text = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
      res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    }
  };
}

/**
 * The JSON body, as Express's json parser read it: only for `application/json` (anything else is left to
 * Apollo, which refuses it), UTF-8 only, an object or array at the top, `{}` when empty.
 */
async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  const [mediaType, ...params] = type.split(';').map((s) => s.trim());
  if (mediaType !== 'application/json') {
    req.resume(); // drain, so the connection can be reused
    return undefined;
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw drained(req, malformed(415));
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') throw drained(req, malformed(415));
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw drained(req, tooLarge());
  const text = await readText(req, maxBytes);
  const first = text.trimStart()[0];
  if (first === undefined) return {};
  if (first !== '{' && first !== '[') throw malformed();
  try {
    return JSON.parse(text);
  } catch {
    throw malformed();
  }
}

function readText(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > maxBytes) {
        refused = true;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => refused || resolve(Buffer.concat(chunks, size).toString('utf8')));
    req.on('error', () => refused || reject(malformed()));
  });
}

/** Refuses without reading the body, but lets it drain so the answer reaches a client still sending. */
function drained(req: IncomingMessage, error: BodyError): BodyError {
  req.resume();
  return error;
}
