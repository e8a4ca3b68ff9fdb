import { Worker } from 'node:worker_threads';
import type { SqlType } from './table.ts';

/** Tables by name, each its columns' SQL types by column name, in order. */
export type TableShapes = Record<string, Record<string, SqlType>>;

/** Tables' rows: for each table, its row count and every column's values in an array (a thread is handed values, not functions). */
export type TableRows = Record<string, { rows: number; columns: Record<string, ArrayLike<unknown>> }>;

/** What the writer thread is started with. */
export interface WriterData {
  file: string;
  shapes: TableShapes;
}

/** What the writer thread answers once the file is written and closed, or why it could not be. */
export type WriterReply = { done: true } | { error: string };

/** A results file that a thread of its own opens at once, with its tables created, and fills when handed their rows. */
export interface WriterThread {
  /** write every table's rows and close the file; the thread then ends */
  write(tables: TableRows): Promise<void>;
  /** stop the thread without writing (the caller discards the file's directory) */
  cancel(): void;
}

/**
 * Open the DuckDB file `file` on a thread of its own (writer-thread.ts) and create its tables
 * there: DuckDB's native library and API load on that thread, some 0.1 s, while this one computes
 * what goes in the file, which pays where the computation is short (a reference model's run).
 */
export function openWriterThread(file: string, shapes: TableShapes): WriterThread {
  const worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), { workerData: { file, shapes } satisfies WriterData });
  const reply = new Promise<void>((resolve, reject) => {
    worker.once('message', (m: WriterReply) => ('error' in m ? reject(new Error(m.error)) : resolve()));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the thread writing ${file} stopped (exit code ${code}) before it had written it`)));
  });
  reply.catch(() => {}); // seen by write(); a cancelled thread's end is no error
  return {
    async write(tables) {
      worker.postMessage(tables);
      try {
        await reply;
      } catch (error) {
        void worker.terminate();
        throw error;
      }
      // the thread has closed the file and ends by itself: no need to wait for it
      worker.unref();
    },
    cancel: () => void worker.terminate(),
  };
}
