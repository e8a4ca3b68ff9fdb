// Worker threads do not inherit the TypeScript loader: register it, then load the worker. A
// failure to load is reported on the thread's port, where the main thread looks for replies.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
try {
  await import('./life-thread.ts');
} catch (error) {
  workerData.port.postMessage({ error: String(error?.stack ?? error) });
  const control = new Int32Array(workerData.control);
  Atomics.store(control, 3 + workerData.index, -1); // Control.done + index: failed
  Atomics.notify(control, 3 + workerData.index);
}
