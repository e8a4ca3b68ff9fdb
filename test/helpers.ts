import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenario, type LoadedScenario } from '../src/load/scenario.ts';
import type { Io } from '../src/cli/io.ts';

/** A shipped scenario shrunk for tests: few citizens, few days, every event recorded unless said. */
export function small(name: string, citizens: number, days: number, extra: Record<string, unknown> = {}): LoadedScenario {
  return loadScenario(name, { 'population.citizens': citizens, days, 'output.sampleRate': 1, ...extra });
}

export function tempDir(prefix = 'credence-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** An Io that keeps what a command prints. */
export function captureIo(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t), isTTY: false };
}

/**
 * Property tests draw fresh cases on every developer run (to find new counterexamples), and a fixed
 * set in CI (so a landing never hangs on luck); every counterexample found becomes a test of its own.
 */
export const reproducible: { seed?: number } = process.env.CI ? { seed: 20261126 } : {};

/** The message a scenario text is refused with, or 'no error'. */
export function refusal(yaml: string, file = 'p.yaml'): string {
  try {
    parseScenario(yaml, file);
  } catch (e) {
    return String((e as Error).message);
  }
  return 'no error';
}

/** Read a server-sent event stream to its end. */
export async function events(url: string): Promise<{ type: string; [k: string]: unknown }[]> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n\n')
    .filter((b) => b.startsWith('data: '))
    .map((b) => JSON.parse(b.slice(6)));
}
