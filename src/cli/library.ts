/**
 * The library, loaded when a command runs, not when the CLI starts: the CLI imports
 * src/essentials.ts at start (errors, version, reference models), so that `--help`, a bad option
 * or `run reference/epstein` never load the Credence city's code (docs/architecture.md, Start-up).
 */
import type * as library from '../index.ts';

export type Library = typeof library;

export const loadLibrary = (): Promise<Library> => import('../index.ts');
