// Entry point: `tsx src/main.ts` serves HTTP (and runs jobs); `tsx src/main.ts worker` only runs jobs.
// With WEB_CONCURRENCY > 1 it starts that many server processes sharing the port (cluster.ts).
import cluster from 'node:cluster';
import { printBanner, reportListening, runPrimary, seedsDemo } from './cluster';
import { serverEnv } from './env';
import { type RunningServer, startServer } from './server';

const mode = process.argv[2] === 'worker' ? 'worker' : 'server';

if (mode === 'server' && serverEnv.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
  await runPrimary(serverEnv.WEB_CONCURRENCY);
} else {
  await runOne();
}

async function runOne() {
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
  // In a cluster, Ctrl-C reaches every process: the primary stops them in order.
  process.on('SIGINT', () => (cluster.isWorker ? undefined : void shutdown('SIGINT')));

  running = await startServer({ mode, ...(seedsDemo() ? {} : { seedDemo: false }) });
  if (stopping) {
    stopping = false;
    await shutdown('signal during start-up');
  }

  if (running.url) {
    const report = {
      url: running.url,
      demo: running.demo !== null,
      embedded: running.database.embedded,
    };
    if (cluster.isWorker) reportListening({ url: report.url, demo: report.demo, pid: process.pid });
    else printBanner({ ...report, processes: 1 });
  }
}
