// Worker threads do not inherit the TypeScript loader: register it, then load the worker. A
// failure to load is reported where the main thread waits for the reply.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';
register();
try {
  await import('./writer-thread.ts');
} catch (error) {
  parentPort.once('message', () => parentPort.postMessage({ error: String(error?.stack ?? error) }));
}
