// Test support: runs the real entry point (src/main.ts) as its own process, for the process-level tests
// and the benches, so they exercise exactly what production runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface AppProcess {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and, unless inherited, stderr). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects after `ms`. */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  /** The URL it serves (server mode), once it listens. */
  url(ms?: number): Promise<string>;
  exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

/**
 * The V8 flags production starts the server with (the Dockerfile's CMD, `start:prod`): a young
 * generation large enough that a request waiting for a database connection under load is not
 * promoted with everything it later allocates (docs/benchmarks.md, "Sixth pass"), and that V8's
 * memory reducer does not shrink below half of that after a quieter minute, which sent the next
 * burst through the same promotions (a third more server CPU per call for ten seconds; "Seventh
 * pass").
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=128', '--min-semi-space-size=64'];

/** `node <flags> dist/main.js` as the Dockerfile's exec-form CMD writes it (deploy-check reads it). */
export const SERVER_CMD = `["node", "--enable-source-maps", ${SERVER_NODE_FLAGS.map((flag) => `"${flag}"`).join(', ')}, "dist/main.js"]`;

export function spawnApp(
  options: {
    mode?: 'server' | 'worker';
    /** Arguments after src/main.ts instead of the mode's (`['rekey', '--check']`). */
    args?: string[];
    env?: Record<string, string>;
    nodeArgs?: string[];
    stderr?: 'capture' | 'inherit';
  } = {},
): AppProcess {
  const child = spawn(
    process.execPath,
    [
      // The server's flags for the server only: workers and one-off commands start without them.
      ...(options.args || options.mode === 'worker' ? [] : SERVER_NODE_FLAGS),
      ...(options.nodeArgs ?? []),
      '--import',
      'tsx',
      'src/main.ts',
      ...(options.args ?? (options.mode === 'worker' ? ['worker'] : [])),
    ],
    {
      cwd: fileURLToPath(new URL('..', import.meta.url)), // apps/server
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SEED_DEMO: 'false', ...options.env },
      stdio: ['ignore', 'pipe', options.stderr === 'inherit' ? 'inherit' : 'pipe'],
    },
  );
  let text = '';
  const append = (chunk: Buffer) => {
    text += chunk.toString();
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  const waitFor = async (pattern: RegExp, ms = 30_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const match = text.match(pattern);
      if (match) return match;
      if (child.exitCode !== null) throw new Error(`process exited (${child.exitCode}):\n${text}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${text}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return {
    child,
    output: () => text,
    waitFor,
    url: async (ms) => (await waitFor(/running at (http:\/\/\S+)/, ms))[1] ?? '',
    exited,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
