// `node dist/main.js rekey` (`pnpm --filter @flux/server rekey` from the sources): after a key
// rotation, moves every encrypted value under ENCRYPTION_KEY, reading with ENCRYPTION_KEY_PREVIOUS,
// in batches of one transaction each, and prints what it moved per column (docs/security.md,
// "Rotating ENCRYPTION_KEY"). Run it again after a stop: it takes up what is left. `rekey --check`
// changes nothing and counts, per column, the values that still need a previous key. Exit code 1
// when a value is left that the current key alone cannot read (or, with --check, needs a previous
// key): ENCRYPTION_KEY_PREVIOUS must stay.
import {
  type Database,
  parseEncryptionKey,
  type RekeyKeys,
  rekey,
  rekeyCheck,
  secretBox,
  type TargetCount,
} from '@flux/db';
import { dbEnv } from '@flux/db/env';

/** The keys of this process's configuration. */
export function keysFromEnv(): RekeyKeys {
  secretBox(); // the same refusals as a server's start (a development key in production, a repeat)
  return {
    current: parseEncryptionKey(dbEnv.ENCRYPTION_KEY),
    previous: dbEnv.ENCRYPTION_KEY_PREVIOUS.map((key) =>
      parseEncryptionKey(key, 'ENCRYPTION_KEY_PREVIOUS'),
    ),
  };
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Runs `rekey [--check] [--batch-size=N]`; returns the exit code. */
export async function rekeyCommand(
  db: Database,
  keys: RekeyKeys,
  args: readonly string[],
  write: (line: string) => void,
): Promise<number> {
  const check = args.includes('--check');
  const sizeArg = args.find((arg) => arg.startsWith('--batch-size='));
  const batchSize = sizeArg ? Number(sizeArg.split('=')[1]) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    write('rekey: --batch-size must be a whole number from 1 to 10000');
    return 2;
  }
  const reading = plural(keys.previous.length, 'previous key');
  const unreadableLine = (count: TargetCount) =>
    count.unreadable > 0
      ? `    ${plural(count.unreadable, 'value')} no configured key reads (ids ${count.unreadableIds.join(', ')})`
      : null;

  if (check) {
    write(`rekey --check (nothing is changed), reading with ${reading}:`);
    const counts = await rekeyCheck(db, keys, { batchSize });
    for (const count of counts) {
      write(
        `  ${count.target}: ${count.current} readable with ENCRYPTION_KEY alone, ${count.pending} still need a previous key, ${count.unreadable} unreadable`,
      );
      const line = unreadableLine(count);
      if (line) write(line);
    }
    const pending = counts.reduce((sum, count) => sum + count.pending, 0);
    const unreadable = counts.reduce((sum, count) => sum + count.unreadable, 0);
    if (pending === 0 && unreadable === 0) {
      write('Every stored secret is readable with ENCRYPTION_KEY alone.');
      return 0;
    }
    write(
      `${plural(pending, 'value')} still ${pending === 1 ? 'needs' : 'need'} ENCRYPTION_KEY_PREVIOUS${pending > 0 ? ': run rekey' : ''}; ${plural(unreadable, 'value')} no configured key reads.`,
    );
    return 1;
  }

  write(`rekey: every encrypted value under ENCRYPTION_KEY, reading with ${reading}:`);
  let batches = 0;
  const counts = await rekey(db, keys, {
    batchSize,
    onBatch: ({ target, moved }) => {
      batches += 1;
      if (batches % 20 === 0) write(`  … ${target}: ${moved} moved so far`);
    },
  });
  for (const count of counts) {
    write(
      `  ${count.target}: ${count.moved} moved, ${count.current} under the current key, ${count.unreadable} unreadable`,
    );
    const line = unreadableLine(count);
    if (line) write(line);
  }
  const moved = counts.reduce((sum, count) => sum + count.moved, 0);
  const unreadable = counts.reduce((sum, count) => sum + count.unreadable, 0);
  if (unreadable > 0) {
    write(
      `${plural(moved, 'value')} moved; ${plural(unreadable, 'value')} no configured key reads were left as they are: keep ENCRYPTION_KEY_PREVIOUS until you know why.`,
    );
    return 1;
  }
  write(`${plural(moved, 'value')} moved; every stored secret is under the current key.`);
  return 0;
}
