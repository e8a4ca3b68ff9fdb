import { inputError } from '../../scenario/errors.ts';

/** A service an experiment depends on is missing or went away: said plainly (exit 1), never as our bug. */
export class ServiceUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceUnavailable';
  }
}

/** A `--redis` value: redis://[user:password@]host[:port][/db] or rediss:// for TLS. */
export function checkRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw inputError(`expected a Redis URL such as redis://127.0.0.1:6379, found "${url}"`, { path: '--redis' });
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw inputError(`expected a redis:// or rediss:// URL, found "${url}"`, { path: '--redis' });
  return url;
}

/** The URL without its password, for messages. */
export const shownUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/** An error's message, for a sentence. */
export const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
