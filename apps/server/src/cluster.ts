// WEB_CONCURRENCY > 1: this process becomes the primary of node:cluster and starts that many server
// processes sharing the port. Each is a whole server (its pool, its LISTEN for live events and for
// the auth cache), so an event published in one reaches the browsers of all. The primary serves
// nothing: it prepares the database once (an embedded PostgreSQL, the migrations), replaces a
// process that dies, and stops them all on SIGTERM.
import cluster, { type Worker } from 'node:cluster';
import { createLogger } from '@flux/api';
import { openDatabase } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { serverEnv } from './env';
import { serveClusterMetrics } from './metrics';

/** What a server process of the cluster tells the primary once it listens. */
export interface ListeningMessage {
  type: 'flux:listening';
  url: string;
  pid: number;
  demo: boolean;
}

export const isListeningMessage = (message: unknown): message is ListeningMessage =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'flux:listening';

/** In a server process of the cluster: tells the primary it listens (the primary prints the banner). */
export function reportListening(message: Omit<ListeningMessage, 'type'>): void {
  process.send?.({ type: 'flux:listening', ...message } satisfies ListeningMessage);
}

/** The first process seeds the demo; the others would race it for the same rows. */
export const seedsDemo = () => !cluster.isWorker || cluster.worker?.id === 1;

export async function runPrimary(processes: number): Promise<void> {
  const log = createLogger({
    level: serverEnv.LOG_LEVEL,
    base: { service: 'fluxasync', mode: 'primary' },
  });
  // Once, here: N processes must not each start an embedded PostgreSQL on the same folder, and
  // the migrations need running once only.
  const database = await openDatabase({ migrate: true, poolMax: 1 });
  let stopping = false;
  let banner = false;
  const listening = new Map<number, ListeningMessage>();

  const fork = (): Worker => {
    const worker = cluster.fork({ DATABASE_URL: database.url });
    worker.on('message', (message: unknown) => {
      if (!isListeningMessage(message)) return;
      listening.set(worker.id, message);
      log.info({ pid: message.pid, url: message.url }, 'server process listening');
      if (!banner && listening.size >= processes) {
        banner = true;
        const reported = [...listening.values()];
        printBanner({
          url: reported[0]?.url ?? '',
          demo: reported.some((server) => server.demo),
          embedded: database.embedded,
          processes,
        });
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasListening = listening.delete(worker.id);
    if (stopping) return;
    // One that never listened will not do better the next time (a bad configuration): stop all.
    if (!wasListening) {
      log.error({ pid: worker.process.pid, code, signal }, 'server process failed to start');
      void shutdown('a server process failed to start', 1);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'server process died: replacing it');
    fork();
  });

  const shutdown = async (reason: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'stopping the server processes');
    const deadline = setTimeout(() => {
      log.error('shutdown timed out; exiting');
      process.exit(1);
    }, serverEnv.SHUTDOWN_TIMEOUT * 1000);
    deadline.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await database.close();
    log.info('stopped');
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  serveClusterMetrics();
  for (let i = 0; i < processes; i++) fork();
}

/** The lines a person starting the server reads first. */
export function printBanner(params: {
  url: string;
  demo: boolean;
  embedded: boolean;
  processes: number;
}) {
  const { url } = params;
  const lines = [
    '',
    `  FluxAsync is running at ${url}${params.processes > 1 ? ` (${params.processes} server processes)` : ''}`,
    `  Health: ${url}/healthz · Ready: ${url}/readyz · API: ${url}/trpc`,
    params.demo
      ? `  Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`
      : '  (demo seed off or the database already had data)',
    params.embedded ? '  Database: embedded PostgreSQL in .data/postgres' : '',
    '',
  ];
  process.stdout.write(`${lines.filter((line, i) => line || i === 0).join('\n')}\n`);
}
