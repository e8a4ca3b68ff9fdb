/**
 * The writer thread (writer-thread.ts): it loads DuckDB and opens its file as soon as it starts,
 * then writes the tables it is handed, closes the file and says so.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { writeTable } from './table.ts';
import type { TableData, WriterReply } from './writer-thread.ts';

const { file } = workerData as { file: string };
const port = parentPort!;

const opened = (async () => {
  const { DuckDBInstance } = await import('./duckdb.js');
  const instance = await DuckDBInstance.create(file);
  return { instance, db: await instance.connect() };
})();
opened.catch(() => {}); // reported when the tables arrive

port.once('message', async (tables: TableData[]) => {
  let reply: WriterReply;
  try {
    const { instance, db } = await opened;
    try {
      for (const t of tables) await writeTable(db, t.name, t.columns, t.rows);
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
