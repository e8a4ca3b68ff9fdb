import { runCli } from './cli.ts';
import { installSignalHandlers } from './interrupt.ts';

installSignalHandlers(); // Ctrl-C or SIGTERM: exit 130, nothing half-written left

// a closed pipe (`credence runs | head`) is the reader's choice, not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2));
