// A real redis-server for the distributed executor's tests, started on a free loopback port in a
// directory of its own and stopped at the end. CI installs redis-server (.ci/run) and requires these
// tests (CREDENCE_REQUIRE_REDIS); elsewhere they are skipped when it is not installed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tempDir } from './helpers.ts';

const found = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
export const noRedis = !found && !process.env.CREDENCE_REQUIRE_REDIS ? 'no redis-server (apt-get install redis-server)' : false;

export interface RedisServer {
  url: string;
  port: number;
  /** stop it at once (SIGKILL: as a crash looks to its clients) */
  kill(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

export async function startRedis(extra: string[] = []): Promise<RedisServer> {
  const port = await freePort();
  const { dir, cleanup } = tempDir('credence-redis-');
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      output += d;
      if (/Ready to accept connections/.test(output)) resolve();
    });
    child.on('exit', (code) => reject(new Error(`redis-server exited ${code}: ${output}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
      cleanup();
    },
  };
}
