/**
 * The writer thread (opened by writer.ts): it loads DuckDB, opens its file and creates the tables as
 * soon as it starts, then appends the rows it is handed, closes the file and says so.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createTable, writeTable, type Column } from './table.ts';
import type { TableRows, WriterData, WriterReply } from './writer.ts';

const { file, shapes } = workerData as WriterData;
const port = parentPort!;

const opened = (async () => {
  const { DuckDBInstance } = await import('./duckdb.js');
  const instance = await DuckDBInstance.create(file);
  const db = await instance.connect();
  for (const [table, columns] of Object.entries(shapes))
    await createTable(
      db,
      table,
      Object.entries(columns).map(([name, type]) => ({ name, type })),
    );
  return { instance, db };
})();
opened.catch(() => {}); // reported when the rows arrive

port.once('message', async (tables: TableRows) => {
  let reply: WriterReply;
  try {
    const { instance, db } = await opened;
    try {
      for (const [table, columns] of Object.entries(shapes)) {
        const rows = tables[table];
        if (!rows) throw new Error(`no rows were handed for table ${table}`);
        const values = Object.entries(columns).map(([name, type]): Column => {
          if (!rows.columns[name]) throw new Error(`no values were handed for ${table}.${name}`);
          return { name, type, values: rows.columns[name] };
        });
        await writeTable(db, table, values, rows.rows, { append: true });
      }
    } finally {
      db.closeSync();
      instance.closeSync();
    }
    reply = { done: true };
  } catch (error) {
    reply = { error: String((error as Error)?.stack ?? error) };
  }
  port.postMessage(reply);
});
