import { openSync, writeSync, readSync, closeSync, fstatSync, renameSync, rmSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { inputError } from '../scenario/errors.ts';
import { VERSION } from '../core/version.ts';
import { COLUMN_TYPES, type Checkpoint, type Column } from '../engine/checkpoint.ts';
import { INCOMPLETE_PREFIX, trackPending, untrackPending, defaultRunsDir } from './run-dir.ts';
import { reasonOf } from './out-dir.ts';

/** What a checkpoint file starts with. */
const MAGIC = Buffer.from('CREDENCE CHECKPOINT\n');
/** The layout below; a file of another layout is refused. */
export const CHECKPOINT_FORMAT = 1;
/** A checkpoint's file name in a run's directory, by day. */
export const checkpointName = (day: number) => `checkpoint-day-${day}.bin`;
const HASH_BYTES = 32;
const CHECKPOINT_FILE = /^checkpoint-day-(\d+)\.bin$/;

/**
 * A --from argument: a checkpoint file, or a run (by id or directory) that holds exactly one.
 * @example resolveCheckpoint('20261126-150942-rongcheng-s1-4ebf') // .../checkpoint-day-360.bin
 */
export function resolveCheckpoint(arg: string, runsDir = defaultRunsDir()): string {
  for (const path of [resolve(arg), join(runsDir, arg)]) {
    let isDir: boolean;
    try {
      isDir = statSync(path).isDirectory();
    } catch {
      continue;
    }
    if (!isDir) return path;
    const found = readdirSync(path)
      .filter((name) => CHECKPOINT_FILE.test(name))
      .sort((a, b) => Number(CHECKPOINT_FILE.exec(a)![1]) - Number(CHECKPOINT_FILE.exec(b)![1]));
    if (found.length === 1) return join(path, found[0]);
    if (found.length === 0) throw inputError(`${arg} holds no checkpoint (a run saves them with --checkpoint-at DAY)`, { path: '--from' });
    throw inputError(`${arg} holds ${found.length} checkpoints; name one: ${found.map((f) => join(arg, f)).join(', ')}`, { path: '--from' });
  }
  throw inputError(`no checkpoint file or run "${arg}"`, { path: '--from' });
}

/** The header: everything but the columns' bytes. */
interface Header {
  format: number;
  version: string;
  scenario: Checkpoint['scenario'];
  seed: number;
  day: number;
  disabled: string[];
  columns: { type: keyof typeof COLUMN_TYPES; length: number; shared: boolean }[];
  state: unknown;
}

const bytesOf = (c: Column) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength);

function writeAll(fd: number, bytes: Uint8Array, hash: ReturnType<typeof createHash>) {
  hash.update(bytes);
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30));
}

/**
 * Write a checkpoint to one file: the magic line, the header's length (4 bytes, little-endian),
 * the header (JSON: format, Credence version, scenario, seed, day, the columns' types and
 * lengths, the state's tables), each column's raw bytes in order, and a SHA-256 of all before it.
 * Written under a hidden name and renamed when whole, so a file by this name is always complete.
 * @example writeCheckpoint('runs/x/checkpoint-day-360.bin', captureCheckpoint(sim.world, sim.measurer, scenario, 360));
 */
export function writeCheckpoint(file: string, checkpoint: Checkpoint): string {
  const header: Header = {
    format: CHECKPOINT_FORMAT,
    version: VERSION,
    scenario: checkpoint.scenario,
    seed: checkpoint.seed,
    day: checkpoint.day,
    disabled: checkpoint.disabled,
    columns: checkpoint.columns.map((c) => ({ type: c.constructor.name as keyof typeof COLUMN_TYPES, length: c.length, shared: c.buffer instanceof SharedArrayBuffer })),
    state: checkpoint.state,
  };
  const text = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(text.length);
  const temp = join(dirname(file), `${INCOMPLETE_PREFIX}${basename(file)}-${process.pid}`);
  let fd: number;
  try {
    fd = openSync(temp, 'w');
  } catch (error) {
    throw inputError(`cannot write the checkpoint ${file}: ${reasonOf(error)}`, { path: '--checkpoint-at' });
  }
  trackPending(temp);
  try {
    const hash = createHash('sha256');
    for (const part of [MAGIC, length, text]) writeAll(fd, part, hash);
    for (const c of checkpoint.columns) writeAll(fd, bytesOf(c), hash);
    writeSync(fd, hash.digest());
    closeSync(fd);
    renameSync(temp, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {}
    rmSync(temp, { force: true });
    throw error;
  } finally {
    untrackPending(temp);
  }
  return file;
}

function readExactly(fd: number, into: Uint8Array, position: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, Math.min(into.length - done, 1 << 30), position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/**
 * Read a checkpoint written by `writeCheckpoint`. A file that is not one, was written by another
 * version of Credence, is cut short or does not match its checksum is refused (bad input, exit 2)
 * with what is wrong, before anything runs.
 */
export function readCheckpoint(file: string): Checkpoint {
  const refuse = (why: string) => inputError(`${file} ${why}`, { path: '--from' });
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw refuse(`cannot be read: ${reasonOf(error)}`);
  }
  try {
    const size = fstatSync(fd).size;
    const start = Buffer.alloc(MAGIC.length + 4);
    if (readExactly(fd, start, 0) < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) throw refuse('is not a Credence checkpoint');
    const headerLength = start.readUInt32LE(MAGIC.length);
    if (start.length + headerLength + HASH_BYTES > size) throw refuse(`is cut short (${size} bytes, its header alone needs ${start.length + headerLength}): it was not written completely`);
    const text = Buffer.alloc(headerLength);
    readExactly(fd, text, start.length);
    let header: Header;
    try {
      header = JSON.parse(text.toString('utf8')) as Header;
    } catch {
      throw refuse('is corrupt: its header is not readable');
    }
    if (header.format !== CHECKPOINT_FORMAT || header.version !== VERSION)
      throw refuse(
        `was written by Credence ${header.version} (checkpoint format ${header.format}); this is Credence ${VERSION} (format ${CHECKPOINT_FORMAT}): continue it with that version, or run again from day 0`,
      );
    if (!Array.isArray(header.columns) || header.columns.some((c) => !Object.hasOwn(COLUMN_TYPES, c.type) || !Number.isSafeInteger(c.length) || c.length < 0))
      throw refuse('is corrupt: its table of columns is not readable');
    const expected = start.length + headerLength + header.columns.reduce((sum, c) => sum + c.length * COLUMN_TYPES[c.type].BYTES_PER_ELEMENT, 0) + HASH_BYTES;
    if (size < expected) throw refuse(`is cut short (${size} of ${expected} bytes): it was not written completely`);
    if (size > expected) throw refuse(`is corrupt: ${size - expected} bytes more than its header describes`);
    const hash = createHash('sha256').update(start).update(text);
    let at = start.length + headerLength;
    const columns = header.columns.map((c) => {
      const Type = COLUMN_TYPES[c.type] as unknown as (new (buffer: ArrayBufferLike) => Column) & { BYTES_PER_ELEMENT: number };
      const bytes = c.length * Type.BYTES_PER_ELEMENT;
      const column = new Type(c.shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
      readExactly(fd, bytesOf(column), at);
      hash.update(bytesOf(column));
      at += bytes;
      return column;
    });
    const stored = Buffer.alloc(HASH_BYTES);
    readExactly(fd, stored, at);
    if (!stored.equals(hash.digest())) throw refuse('is corrupt: its content does not match its checksum');
    return { scenario: header.scenario, seed: header.seed, day: header.day, disabled: header.disabled, state: header.state, columns };
  } finally {
    closeSync(fd);
  }
}
