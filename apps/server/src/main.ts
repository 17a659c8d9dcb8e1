// Entry point: `tsx src/main.ts` serves HTTP (and runs jobs); `tsx src/main.ts worker` only runs jobs.
import { DEMO_LOGIN } from '@flux/db/seed';
import { serverEnv } from './env';
import { type RunningServer, startServer } from './server';

const mode = process.argv[2] === 'worker' ? 'worker' : 'server';
let running: RunningServer | undefined;
let stopping = false;

async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  // A signal during start-up is served as soon as start-up is over.
  if (!running) return;
  running.log.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    running?.log.error('shutdown timed out; exiting');
    process.exit(1);
  }, serverEnv.SHUTDOWN_TIMEOUT * 1000);
  deadline.unref();
  await running.stop();
  running.log.info('stopped');
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));

running = await startServer({ mode });
if (stopping) {
  stopping = false;
  await shutdown('signal during start-up');
}

if (running.url) {
  const lines = [
    '',
    `  FluxAsync is running at ${running.url}`,
    `  Health: ${running.url}/healthz · Ready: ${running.url}/readyz · API: ${running.url}/trpc`,
    running.demo
      ? `  Demo login: ${DEMO_LOGIN.email} / ${DEMO_LOGIN.password}`
      : '  (demo seed off or the database already had data)',
    running.database.embedded ? '  Database: embedded PostgreSQL in .data/postgres' : '',
    '',
  ];
  process.stdout.write(`${lines.filter((line, i) => line || i === 0).join('\n')}\n`);
}
