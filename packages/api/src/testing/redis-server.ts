// Test support: a private redis-server on a free port, for tests that freeze or stop Redis without
// touching the Redis the other test files share.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from '@flux/db/testing';
import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  /** A client of its own, to look at what the code under test stored. */
  connect(): Promise<Redis>;
  /** SIGSTOP: connections stay open and nothing answers, as with a Redis stuck on disk or swap. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
}

/** Starts redis-server (from PATH); null when the machine has none. */
export async function startPrivateRedis(): Promise<PrivateRedis | null> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const started = await new Promise<boolean>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === 'ENOENT') resolve(false);
      else reject(error);
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}):\n${output}`));
    });
  });
  if (!started) return null;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `redis://127.0.0.1:${port}`,
    async connect() {
      const client = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0 });
      await client.connect();
      return client;
    },
    freeze: () => child.kill('SIGSTOP'),
    thaw: () => child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL'); // a stopped process dies of SIGKILL too
      await exited;
    },
  };
}
