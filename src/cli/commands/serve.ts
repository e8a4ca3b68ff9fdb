import type { Command } from 'commander';
import { createServer } from 'node:net';
import { port } from '../options.ts';
import type { Io } from '../io.ts';
import { inputError } from '../../essentials.ts';

export function addServeCommand(program: Command, io: Io) {
  program
    .command('serve')
    .description('serve the JSON API for the dashboard on 127.0.0.1')
    .option('--port <n>', 'port, 1 to 65535 (0: any free port)', port, 8787)
    .option('-o, --out <dir>', 'directory that holds runs (default: $CREDENCE_RUNS, else runs)')
    .action(async (flags: { port: number; out?: string }) => {
      await assertPortFree(flags.port);
      const { serve } = await import('../../server/index.ts'); // loaded by this command only, so the CLI starts fast
      let server: Awaited<ReturnType<typeof serve>>;
      try {
        server = await serve({ port: flags.port, runsDir: flags.out });
      } catch (error) {
        throw portError(error, flags.port) ?? error;
      }
      const address = server.address();
      io.out(`Credence API on http://127.0.0.1:${typeof address === 'object' && address ? address.port : flags.port}/ (Ctrl-C to stop)`);
      await new Promise(() => {}); // serve until stopped
    });
}

/** A port that cannot be listened on, said plainly; undefined for any other error. */
function portError(error: unknown, port: number) {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EADDRINUSE') return inputError(`port ${port} is in use on 127.0.0.1 (another credence serve?): choose another with --port`, { path: '--port' });
  if (code === 'EACCES') return inputError(`port ${port} needs privileges on this machine: choose one above 1023`, { path: '--port' });
  return undefined;
}

/** Listen on the port and let go of it at once: the server's own listen reports a taken port as an event nobody catches. */
async function assertPortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error) => reject(portError(error, port) ?? error));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
