import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { writeTable, type Column } from '../src/store/table.ts';
import { openWriterThread } from '../src/store/writer.ts';
import { startReferenceRun } from '../src/store/write-reference-run.ts';
import { tempDir } from './helpers.ts';

const ROWS = 5000; // more than two data chunks of 2048 rows, the last one partial

async function withDb<T>(use: (db: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(':memory:');
  const db = await instance.connect();
  try {
    return await use(db);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

/** Strings around the 12 bytes DuckDB keeps inline, ASCII and not, with a NUL and a lone surrogate (stored as U+FFFD). */
const STRINGS = [
  ...Array.from({ length: 20 }, (_, n) => 'abcdefghijklmnopqrst'.slice(0, n)),
  'é',
  'naïve',
  'exactly 12 é',
  '12 ascii + é',
  '🦆',
  'duck 🦆 duck',
  'a\0b',
  '\0',
  '\ud800x',
  ' trailing ',
  'x'.repeat(300),
];

function columns(): Column[] {
  const f32 = Float32Array.from({ length: ROWS }, (_, r) => (r % 9 === 0 ? Number.NaN : r % 10 === 1 ? -0 : r === 2 ? Number.POSITIVE_INFINITY : r / 7));
  const f64 = Float64Array.from({ length: ROWS }, (_, r) => (r % 9 === 0 ? Number.NaN : r % 10 === 1 ? -0 : r === 2 ? Number.NEGATIVE_INFINITY : r === 3 ? 1e300 : r / 7));
  return [
    { name: 'bool_fn', type: 'BOOLEAN', values: (r) => (r % 7 === 0 ? null : r % 3) },
    { name: 'bool_arr', type: 'BOOLEAN', values: Uint8Array.from({ length: ROWS }, (_, r) => r % 4) },
    { name: 'u8', type: 'UTINYINT', values: Uint8Array.from({ length: ROWS }, (_, r) => r & 255) },
    { name: 'u8_fn', type: 'UTINYINT', values: (r) => (r % 11 === 0 ? undefined : r % 256) },
    { name: 'i16', type: 'SMALLINT', values: Int16Array.from({ length: ROWS }, (_, r) => ((r * 37) % 65536) - 32768) },
    { name: 'u16_short', type: 'USMALLINT', values: Uint16Array.from({ length: 4000 }, (_, r) => 65535 - r) }, // rows past its end are NULL
    { name: 'i32', type: 'INTEGER', values: Int32Array.from({ length: ROWS }, (_, r) => (r === 0 ? -2147483648 : r === 1 ? 2147483647 : r * -1013)) },
    { name: 'i32_fn', type: 'INTEGER', values: (r) => (r % 13 === 0 ? null : r % 2 ? 2147483647 - r : -r) },
    { name: 'u32', type: 'UINTEGER', values: Uint32Array.from({ length: ROWS }, (_, r) => (r === 4 ? 4294967295 : r * 859)) },
    { name: 'u32_fn', type: 'UINTEGER', values: (r) => (r % 17 === 0 ? null : r * 1000) },
    { name: 'f32', type: 'FLOAT', values: f32 },
    { name: 'f32_fn', type: 'FLOAT', values: (r) => (r % 5 === 0 ? null : r % 5 === 1 ? Number.NaN : r / 3) }, // a FLOAT's NaN is kept
    { name: 'f32_from_f64', type: 'FLOAT', values: f64 },
    { name: 'f64', type: 'DOUBLE', values: f64 },
    { name: 'f64_fn', type: 'DOUBLE', values: (r) => (r % 6 === 0 ? Number.NaN : r % 6 === 1 ? null : r * 0.1) },
    { name: 'f64_list', type: 'DOUBLE', values: Array.from({ length: ROWS }, (_, r) => (r % 4 === 0 ? Number.NaN : r % 4 === 1 ? undefined : -r / 3)) },
    { name: 'f64_from_i32', type: 'DOUBLE', values: Int32Array.from({ length: ROWS }, (_, r) => r - 2500) },
    { name: 'text_fn', type: 'VARCHAR', values: (r) => (r % (STRINGS.length + 1) === STRINGS.length ? null : STRINGS[r % (STRINGS.length + 1)]) },
    { name: 'text_list', type: 'VARCHAR', values: Array.from({ length: ROWS }, (_, r) => (r % 3 === 0 ? r : r % 3 === 1 ? r / 4 : r % 2 === 0)) }, // String(v)
  ];
}

/** What the store promises for a value: null and undefined are NULL, and a DOUBLE's NaN; BOOLEAN is Boolean(v), VARCHAR String(v). */
function expected(column: Column): unknown[] {
  const { type, values } = column;
  return Array.from({ length: ROWS }, (_, r) => {
    const v = typeof values === 'function' ? values(r) : values[r];
    if (v === null || v === undefined || (type === 'DOUBLE' && Number.isNaN(v))) return null;
    if (type === 'BOOLEAN') return Boolean(v);
    if (type === 'VARCHAR') return String(v).replace('\ud800', '\ufffd');
    if (type === 'FLOAT') return Math.fround(v as number);
    return v;
  });
}

test('writeTable stores every SQL type exactly, with NULLs, across data chunks', async () => {
  const cols = columns();
  await withDb(async (db) => {
    await writeTable(db, 'every', cols, ROWS);
    const types = (await db.runAndReadAll(`SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'every' ORDER BY column_index`)).getRows();
    assert.deepEqual(
      types,
      cols.map((c) => [c.name, c.type]),
    );
    const stored = (await db.runAndReadAll(`SELECT * FROM every ORDER BY rowid`)).getColumnsJS();
    assert.equal(stored[0].length, ROWS);
    cols.forEach((c, i) => assert.deepStrictEqual(stored[i], expected(c), c.name));
    const nulls = (await db.runAndReadAll(`SELECT count(*) FILTER (u16_short IS NULL)::INTEGER, count(*) FILTER (f64 IS NULL)::INTEGER FROM every`)).getRows()[0];
    assert.deepEqual(nulls, [1000, Math.ceil(ROWS / 9)]);
  });
});

test('strings written by writeTable compare, group and measure in SQL as strings written by DuckDB do', async () => {
  await withDb(async (db) => {
    await writeTable(db, 'texts', [{ name: 's', type: 'VARCHAR', values: (r) => STRINGS[r % STRINGS.length] }], ROWS);
    await db.run(
      `CREATE TABLE reference AS SELECT * FROM (VALUES ${STRINGS.map((s) => `('${s.replace('\ud800', '\ufffd').replaceAll("'", "''").replaceAll('\0', "' || chr(0) || '")}')`).join(', ')}) t(s)`,
    );
    const counts = (
      await db.runAndReadAll(
        `SELECT r.s, octet_length(encode(r.s))::INTEGER, (SELECT count(*) FROM texts t WHERE t.s = r.s)::INTEGER, (SELECT count(*) FROM texts t WHERE t.s < r.s)::INTEGER FROM reference r ORDER BY r.s`,
      )
    ).getRows();
    const each = (i: number) => Math.floor(ROWS / STRINGS.length) + (i < ROWS % STRINGS.length ? 1 : 0);
    const stored = STRINGS.map((s, i) => ({ s: s.replace('\ud800', '\ufffd'), n: each(i) }));
    assert.deepEqual(
      counts,
      stored
        .slice()
        .sort((a, b) => Buffer.compare(Buffer.from(a.s), Buffer.from(b.s)))
        .map(({ s, n }) => [s, Buffer.byteLength(s), n, stored.filter((o) => Buffer.compare(Buffer.from(o.s), Buffer.from(s)) < 0).reduce((t, o) => t + o.n, 0)]),
    );
    const [[groups]] = (await db.runAndReadAll(`SELECT count(DISTINCT s)::INTEGER FROM texts`)).getRows();
    assert.equal(groups, STRINGS.length);
  });
});

test('writeTable with append adds rows to an existing table', async () => {
  await withDb(async (db) => {
    const cols = (offset: number): Column[] => [
      { name: 'n', type: 'INTEGER', values: (r) => r + offset },
      { name: 'label', type: 'VARCHAR', values: (r) => `row ${r + offset}` },
    ];
    await writeTable(db, 'grown', cols(0), 3000);
    await writeTable(db, 'grown', cols(3000), 3000, { append: true });
    const [n, label] = (await db.runAndReadAll(`SELECT n, label FROM grown ORDER BY rowid`)).getColumnsJS();
    assert.deepEqual(
      n,
      Array.from({ length: 6000 }, (_, r) => r),
    );
    assert.deepEqual(
      label,
      Array.from({ length: 6000 }, (_, r) => `row ${r}`),
    );
  });
});

test('writeTable refuses a value its column type cannot hold, as the appender did', async () => {
  await withDb(async (db) => {
    const refused = async (type: Column['type'], value: unknown) => {
      await db.run('DROP TABLE IF EXISTS bad');
      return writeTable(db, 'bad', [{ name: 'x', type, values: (r) => (r === 3000 ? value : 1) }], ROWS);
    };
    await assert.rejects(refused('INTEGER', 2.5), { message: 'number is not an integer' });
    await assert.rejects(refused('UTINYINT', 256), { message: 'number out of uint8 range' });
    await assert.rejects(refused('SMALLINT', -32769), { message: 'number out of int16 range' });
    await assert.rejects(refused('USMALLINT', -1), { message: 'number out of uint16 range' });
    await assert.rejects(refused('INTEGER', 2 ** 31), { message: 'number out of int32 range' });
    await assert.rejects(refused('UINTEGER', 2 ** 32), { message: 'number out of uint32 range' });
    await assert.rejects(refused('INTEGER', '1'), TypeError);
    await assert.rejects(refused('DOUBLE', '1.5'), TypeError);
    await assert.rejects(refused('FLOAT', 1n), TypeError);
  });
});

test('the writer thread creates its tables at once and fills them with the rows it is handed, every type and NULL as writeTable writes them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const every = columns();
    const writer = openWriterThread(join(dir, 'run.duckdb'), { every_type: Object.fromEntries(every.map((c) => [c.name, c.type])) });
    // a thread is handed values, not functions: each column as an array
    const values = every.map((c) => ({ ...c, values: typeof c.values === 'function' ? Array.from({ length: ROWS }, (_, r) => (c.values as (r: number) => unknown)(r)) : c.values }));
    await writer.write({ every_type: { rows: ROWS, columns: Object.fromEntries(values.map((c) => [c.name, c.values])) } });
    await withDb(async (db) => {
      await writeTable(db, 'every_type', values, ROWS);
      await db.run(`ATTACH '${join(dir, 'run.duckdb')}' AS written (READ_ONLY)`);
      const differ = await db.runAndReadAll('SELECT count(*) AS n FROM (SELECT * FROM every_type EXCEPT ALL SELECT * FROM written.every_type)');
      const count = await db.runAndReadAll('SELECT count(*) AS n FROM written.every_type');
      assert.equal(Number(count.getRowObjects()[0].n), ROWS);
      assert.equal(Number(differ.getRowObjects()[0].n), 0, 'the thread wrote what writeTable writes here');
    });
  } finally {
    cleanup();
  }
});

test('the writer thread reports a value its column cannot hold and a column it was not handed; a reference run discarded while its file is open leaves nothing', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const writer = openWriterThread(join(dir, 'bad.duckdb'), { bad: { x: 'UTINYINT' } });
    await assert.rejects(writer.write({ bad: { rows: 2, columns: { x: [1, 256] } } }), /number out of uint8 range/);
    const short = openWriterThread(join(dir, 'short.duckdb'), { t: { x: 'INTEGER', y: 'INTEGER' } });
    await assert.rejects(short.write({ t: { rows: 1, columns: { x: [1] } } }), /no values were handed for t\.y/);
    const runs = join(dir, 'runs');
    const pending = startReferenceRun(runs, 'discarded');
    assert.equal(readdirSync(runs).length, 1, 'the hidden directory, its file opening on the thread');
    pending.discard();
    assert.deepEqual(readdirSync(runs), []);
  } finally {
    cleanup();
  }
});
