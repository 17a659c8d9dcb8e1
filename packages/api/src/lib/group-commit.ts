// Group commit: callers that each need one row durably written share statements. Nothing waits
// for a timer: with a statement free, an item is written at once, alone; while `inFlight`
// statements run, new items queue and leave together in the next one. Under load a statement
// carries dozens of rows (one round trip, one WAL flush); idle, the latency is a single insert's.
// Each caller's promise settles with its own statement: resolved once committed, rejected if it
// failed, so nobody is told "stored" for a row that is not.

export interface GroupCommitOptions<T = unknown> {
  /** Statements running at once. */
  inFlight?: number;
  /** Items per statement at most. */
  maxBatch?: number;
  /** An item's weight (its bytes, say); a statement carries at most `maxWeight`, or one item. */
  weight?: (item: T) => number;
  maxWeight?: number;
}

export function groupCommit<T, R = void>(
  write: (items: T[]) => Promise<R[]>,
  options: GroupCommitOptions<T> = {},
): (item: T) => Promise<R> {
  const inFlight = options.inFlight ?? 4;
  const maxBatch = options.maxBatch ?? 256;
  const { weight, maxWeight = Number.POSITIVE_INFINITY } = options;
  /** How many of the queued items the next statement takes. */
  const nextBatch = (queue: { item: T }[]) => {
    const limit = Math.min(maxBatch, queue.length);
    if (!weight) return limit;
    let total = 0;
    for (let count = 0; count < limit; count++) {
      total += weight((queue[count] as { item: T }).item);
      if (total > maxWeight) return Math.max(1, count);
    }
    return limit;
  };
  type Waiter = { item: T; resolve: (value: R) => void; reject: (error: unknown) => void };
  let queue: Waiter[] = [];
  let running = 0;

  const pump = () => {
    while (running < inFlight && queue.length > 0) {
      const count = nextBatch(queue);
      const batch = count === queue.length ? queue : queue.slice(0, count);
      queue = count === queue.length ? [] : queue.slice(count);
      running += 1;
      write(batch.map((waiter) => waiter.item))
        .then(
          (results) => {
            batch.forEach((waiter, index) => {
              waiter.resolve(results[index] as R);
            });
          },
          (error: unknown) => {
            for (const waiter of batch) waiter.reject(error);
          },
        )
        .finally(() => {
          running -= 1;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
