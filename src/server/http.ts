import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error the client caused: answered with its status and message, never a stack trace. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY_BYTES = 256 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJson(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
}

export type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void> | void;
export type Route = [method: string, path: RegExp, handler: Handler];

/** Dispatch a request to the first route whose method and path match; path groups become params. */
export async function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  try {
    for (const [method, path, handler] of routes) {
      const m = url.pathname.match(path);
      if (m && req.method === method) return await handler(req, res, m.slice(1).map(decodeURIComponent), url);
    }
    throw new HttpError(404, `no route for ${req.method} ${url.pathname}`);
  } catch (error) {
    if (res.headersSent) res.end();
    else if (error instanceof HttpError) sendJson(res, error.status, { error: error.message });
    else sendJson(res, 500, { error: 'internal error' });
  }
}
