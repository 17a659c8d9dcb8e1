// Environment of the benches: how long, how many clients, what to print. Every variable has a
// default that gives the figures docs/benchmarks.md records. (Plain parsing: the root package,
// where the benches live, does not depend on zod.)

/** The variable as a number of at least `min` (above 0 when `min` is 0 and `exclusive`). */
function numberAtLeast(name: string, fallback: number, min: number, exclusive = false): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (exclusive && value === min))
    throw new Error(`${name}: expected a number ${exclusive ? 'above' : 'of at least'} ${min}`);
  return value;
}

const positive = (name: string, fallback: number) => numberAtLeast(name, fallback, 0, true);

const text = (name: string) => process.env[name]?.trim() || undefined;

export const benchEnv = {
  /** Measured seconds of each phase (each also runs 2 s unmeasured first). */
  BENCH_SECONDS: positive('BENCH_SECONDS', 10),
  BENCH_CLIENTS: Math.round(positive('BENCH_CLIENTS', 100)),
  /** A folder: the server runs with --cpu-prof and writes its profile there. */
  BENCH_PROFILE: text('BENCH_PROFILE'),
  /** Set: latencies printed second by second. */
  BENCH_TRACE: text('BENCH_TRACE'),
  /** Server processes of the server under test (its own WEB_CONCURRENCY). */
  WEB_CONCURRENCY: Math.round(positive('WEB_CONCURRENCY', 1)),
  /** Database connections per server process (its DB_POOL_MAX); the floor gets as many in all. */
  BENCH_POOL: Math.round(positive('BENCH_POOL', 10)),
  /**
   * bench:orders: seconds of unmeasured load on the server before the first round, half on each
   * of its HTTP phases: its JIT settles over up to a minute of load (docs/benchmarks.md).
   */
  BENCH_WARMUP: numberAtLeast('BENCH_WARMUP', 60, 0),
  /** bench:orders: how many times its phases run in turn (the ratios are read within each round). */
  BENCH_ROUNDS: Math.round(positive('BENCH_ROUNDS', 1)),
  /**
   * The Accept-Encoding the load's GETs send: `identity` by default (uncompressed answers, the
   * figures docs/benchmarks.md compares across passes); Chrome's `gzip, deflate, br, zstd` to
   * measure what browsers get (the client then decompresses each answer, as they do).
   */
  BENCH_ACCEPT_ENCODING: text('BENCH_ACCEPT_ENCODING') ?? 'identity',
};
