import { useEffect, useRef, useState } from 'react';

/** The value once it has stopped changing for `ms` (search boxes). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A search box bound to a URL parameter: what is typed is written to the URL once typing stops;
 * Back and Forward change the URL, and the box follows.
 */
export function useUrlSearchBox(
  fromUrl: string | undefined,
  write: (q: string | undefined) => void,
  ms = 300,
) {
  const [q, setQ] = useState(fromUrl ?? '');
  const writeRef = useRef(write);
  writeRef.current = write;
  useEffect(() => setQ(fromUrl ?? ''), [fromUrl]);
  useEffect(() => {
    const timer = setTimeout(() => {
      if ((fromUrl ?? '') !== q) writeRef.current(q || undefined);
    }, ms);
    return () => clearTimeout(timer);
  }, [q, fromUrl, ms]);
  return [q, setQ] as const;
}
