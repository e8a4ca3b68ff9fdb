import type { IncomingMessage, ServerResponse } from 'node:http';
import { homedir, tmpdir } from 'node:os';
import { SCENARIO_DIR, packageRoot } from '../index.ts';

/** An error the client caused: answered with its status and message, never a stack trace. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** extra headers (Allow for a 405) */
    readonly headers: Record<string, string> = {},
    /** more of the answer than its message (a scenario's issues, by field) */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What one request may send: bodies are refused past this size (by their declared length, before reading) and this nesting depth. */
export const BODY_LIMITS = { bytes: 256 * 1024, depth: 32 };

/** Keys that would reach an object's prototype rather than a field: refused anywhere in a body. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const PATH_CHAR = String.raw`[^\s"'\x60\\/:;,()<>\[\]{}*?|]`;
// an absolute path of two segments or more, not inside a word or a URL
const ABSOLUTE_PATH = new RegExp(String.raw`(?<![\w.~:/\\-])/(?:${PATH_CHAR}+/)+${PATH_CHAR}*`, 'g');

/**
 * Text the server sends in an error: where it names a file of the server, only the part a client
 * knows (the shipped scenarios as scenarios/NAME.yaml, anything else by its last part), never an
 * absolute path of the server.
 */
export function publicText(text: string): string {
  let out = text;
  for (const [root, shown] of [
    [SCENARIO_DIR, 'scenarios'],
    [packageRoot(), '.'],
  ] as const) {
    if (root.length > 1) out = out.split(root).join(shown);
  }
  out = out.replace(ABSOLUTE_PATH, (path) => (path.startsWith('/api/') ? path : (path.split('/').pop() ?? '')));
  // any root left (a one-part path such as /tmp): named by what it is
  for (const root of [tmpdir(), homedir(), process.cwd()]) if (root.length > 1) out = out.split(root).join('(server directory)');
  return out;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  const text = status >= 400 ? publicText(json) : json;
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** How deep a JSON text nests its arrays and objects, without parsing it (strings skipped); stops counting past `limit`. */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

/**
 * Parse JSON so that no key can reach a prototype: a body holding `__proto__`, `constructor` or
 * `prototype` as a key anywhere is refused.
 */
export function parseJsonSafely(text: string): unknown {
  if (jsonDepth(text, BODY_LIMITS.depth) > BODY_LIMITS.depth) throw new HttpError(400, `the request body nests deeper than ${BODY_LIMITS.depth} levels`);
  let unsafe: string | undefined;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, v) => {
      if (UNSAFE_KEYS.has(key)) unsafe = key;
      return v;
    });
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
  if (unsafe !== undefined) throw new HttpError(400, `the request body has a key "${unsafe}": not a field name`);
  return value;
}

/** The body of a request as JSON: refused with 413 past the size limit (by its declared length before anything is read), 400 if malformed, too deep or holding prototype keys. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const tooLarge = () => new HttpError(413, `the request body is over ${BODY_LIMITS.bytes} bytes`, { connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > BODY_LIMITS.bytes) throw tooLarge();
  const text = await new Promise<string>((resolve, reject) => {
    let size = 0;
    let failed = false;
    const chunks: Buffer[] = [];
    const fail = (error: HttpError) => {
      if (failed) return;
      failed = true;
      chunks.length = 0;
      reject(error);
    };
    // read to the end even past the limit (what follows is dropped), so the answer reaches the client
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > BODY_LIMITS.bytes) fail(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => fail(new HttpError(400, 'the request body was cut off')));
    req.on('close', () => fail(new HttpError(400, 'the request body was cut off')));
  });
  return text.length ? parseJsonSafely(text) : {};
}

export type Handler = (req: IncomingMessage, res: ServerResponse, params: string[], url: URL) => Promise<void> | void;
export type Route = [method: string, path: RegExp, handler: Handler];

/** A path part decoded from its percent-escapes; a malformed escape is the client's error. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, 'a malformed percent-escape in the path');
  }
}

/**
 * Dispatch a request to the first route whose method and path match; path groups become params.
 * A path that some route serves with another method is 405; an error the client caused is its
 * 4xx; anything else is a 500 with no detail (the cause goes to the server's log).
 */
export async function dispatch(routes: Route[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      throw new HttpError(400, 'a malformed request target');
    }
    const allowed = new Set<string>();
    for (const [method, path, handler] of routes) {
      const m = url.pathname.match(path);
      if (!m) continue;
      if (req.method === method) return await handler(req, res, m.slice(1).map(decodePart), url);
      allowed.add(method);
    }
    if (allowed.size) throw new HttpError(405, `${req.method} is not allowed here: ${[...allowed].join(', ')}`, { allow: [...allowed].join(', ') });
    throw new HttpError(404, `no route for ${req.method} ${url.pathname.slice(0, 200)}`);
  } catch (error) {
    if (res.headersSent) res.end();
    else if (error instanceof HttpError) sendJson(res, error.status, { error: error.message, ...error.details }, error.headers);
    else {
      console.error(`${req.method} ${req.url?.slice(0, 200)} failed:`, error);
      sendJson(res, 500, { error: 'internal error' });
    }
  }
}
