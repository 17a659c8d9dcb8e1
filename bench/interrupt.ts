// A bench stopped half-way (Ctrl-C, SIGTERM) undoes what it set up, as it does at its normal end:
// the servers it spawned are stopped, the database it created is dropped. Without this it left
// them behind (a database per interrupted run of bench:email).
import { constants } from 'node:os';

/** What is still to undo if the bench is stopped, latest first (see undoneOnInterrupt). */
const toUndo: Array<() => Promise<void>> = [];
let interrupted: NodeJS.Signals | undefined;

/** Ctrl-C and SIGTERM are caught only while there is something to undo (else they end the bench). */
function catchSignals(on: boolean) {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.off(signal, onInterrupt);
    if (on) process.on(signal, onInterrupt);
  }
}

async function onInterrupt(signal: NodeJS.Signals) {
  if (interrupted) {
    console.error(`bench: ${signal} again, still cleaning up after ${interrupted}`);
    return;
  }
  interrupted = signal;
  // As a shell reports a process a signal ended: 128 + its number.
  const code = 128 + constants.signals[signal];
  console.error(`bench: ${signal}, cleaning up (${toUndo.length} step(s)) before exiting`);
  // The bench's own work fails now (its connections are cut as its database goes): said, not fatal
  // until the clean-up is done.
  const noted = (error: unknown) =>
    console.error(`bench: after ${signal}: ${error instanceof Error ? error.message : error}`);
  process.on('uncaughtException', noted);
  process.on('unhandledRejection', noted);
  // A step that hangs (a pool waiting for a query that never ends) must not keep the bench alive.
  setTimeout(() => {
    console.error('bench: the clean-up took over 60 s; exiting without it');
    process.exit(code);
  }, 60_000).unref();
  // Until none is left: the bench goes on meanwhile, and what it starts now (a server spawned while
  // its database was being dropped) registers a step of its own, to undo as well.
  for (let undo = toUndo.at(-1); undo; undo = toUndo.at(-1)) await undo();
  process.exit(code);
}

/**
 * `step` (stopping a server, dropping a database, closing a pool) made safe to call from two
 * places: the bench's own end, and Ctrl-C or SIGTERM half-way, when the steps not yet done run
 * (latest first) and the process exits 130 or 143. A step runs once: the second caller waits for
 * the first's run.
 */
export function undoneOnInterrupt(step: () => Promise<unknown>): () => Promise<void> {
  let run: Promise<void> | undefined;
  const undo = () => {
    run ??= (async () => {
      toUndo.splice(toUndo.indexOf(undo), 1);
      if (toUndo.length === 0 && !interrupted) catchSignals(false);
      try {
        await step();
      } catch (error) {
        // One step failing must not keep the others from running.
        console.error('bench: a clean-up step failed:', error);
        if (!interrupted) throw error;
      }
    })();
    return run;
  };
  if (toUndo.length === 0 && !interrupted) catchSignals(true);
  toUndo.push(undo);
  return undo;
}
