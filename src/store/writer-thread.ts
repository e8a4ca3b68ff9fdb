import { Worker } from 'node:worker_threads';
import type { SqlType } from './table.ts';

/** A table to write, every column's values in an array (a thread is handed data, not functions). */
export interface TableData {
  name: string;
  columns: { name: string; type: SqlType; values: ArrayLike<unknown> }[];
  rows: number;
}

/** What the writer thread answers once the file is written and closed, or why it could not be. */
export type WriterReply = { done: true } | { error: string };

/** A results file that a thread of its own opens at once (loading DuckDB there) and writes when handed its tables. */
export interface WriterThread {
  /** write the tables, close the file, stop the thread */
  write(tables: TableData[]): Promise<void>;
  /** stop the thread without writing (the caller discards the file's directory) */
  cancel(): void;
}

/**
 * Open the DuckDB file `file` on a thread of its own (writer-thread-main.ts): DuckDB's native
 * library and API load there, some 0.1 s, while this thread computes what goes in the file, which
 * pays where the computation is short (a reference model's run).
 */
export function openWriterThread(file: string): WriterThread {
  const worker = new Worker(new URL('./writer-thread.mjs', import.meta.url), { workerData: { file } });
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
      } finally {
        await worker.terminate();
      }
    },
    cancel: () => void worker.terminate(),
  };
}
