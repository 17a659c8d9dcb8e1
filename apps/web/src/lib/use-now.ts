// A clock for countdowns: the time now, refreshed every `ms` milliseconds while mounted.
import { useEffect, useState } from 'react';

export function useNow(ms: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
