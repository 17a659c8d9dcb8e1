// A heavy library loaded the first time it is needed, not when the process starts: the server
// imports every provider's client, and most processes (a worker without Gemini, a test file about
// orders) never call most of them. The first call pays the import once; later calls share it.

/** `load` run once, on the first call; its promise shared by every later call (a failure is retried). */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };
}
