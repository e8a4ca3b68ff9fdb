import { readFileSync } from 'node:fs';

/** The model's version, as in package.json: recorded with every run. */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
