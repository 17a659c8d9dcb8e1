// Entry point: `main` serves HTTP (and runs jobs); `main worker` only runs jobs; `main migrate` applies
// the migrations and exits; `main rekey [--check]` moves the stored secrets under ENCRYPTION_KEY
// after a key rotation (cli/rekey.ts) and exits. Development runs src/main.ts with tsx; production dist/main.js (build.ts).
// With WEB_CONCURRENCY > 1 it starts that many server processes sharing the port (cluster.ts).
import cluster from 'node:cluster';
import { createLogger } from '@flux/api';
import { openDatabase } from '@flux/db';
import { keysFromEnv, rekeyCommand } from './cli/rekey';
import { printBanner, reportListening, runPrimary, seedsDemo } from './cluster';
import { productionRefusals, refusalMessage, serverEnv } from './env';
import { type RunningServer, startServer } from './server';

const argument = process.argv[2];
const mode =
  argument === 'worker' || argument === 'migrate' || argument === 'rekey' ? argument : 'server';

// Before anything starts: every refusal at once, without a stack trace.
if (productionRefusals.length > 0) {
  process.stderr.write(`${refusalMessage(productionRefusals)}\n`);
  process.exit(1);
}

if (mode === 'migrate') {
  await migrate();
} else if (mode === 'rekey') {
  await rekeySecrets();
} else if (mode === 'server' && serverEnv.WEB_CONCURRENCY > 1 && cluster.isPrimary) {
  await runPrimary(serverEnv.WEB_CONCURRENCY);
} else {
  await runOne(mode);
}

/**
 * `main.js migrate`: the release's one-off step. Servers migrate on start too (a no-op by then),
 * but run first, a failing migration stops the release before any new server takes traffic.
 */
async function migrate() {
  const log = createLogger({ level: serverEnv.LOG_LEVEL, base: { service: 'fluxasync', mode } });
  const database = await openDatabase({ migrate: true, poolMax: 1 });
  await database.close();
  log.info('migrations applied');
  process.exit(0);
}

/** `main.js rekey [--check] [--batch-size=N]`: a one-off step of a key rotation (docs/security.md). */
async function rekeySecrets() {
  const keys = keysFromEnv();
  const database = await openDatabase({ migrate: true, poolMax: 2 });
  let code = 1;
  try {
    code = await rekeyCommand(database.db, keys, process.argv.slice(3), (line) =>
      process.stdout.write(`${line}\n`),
    );
  } finally {
    await database.close();
  }
  process.exit(code);
}

async function runOne(mode: 'server' | 'worker') {
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
