// The courier's session: signed in once, kept across restarts (the token in the secret store),
// ended by signing out (the server session too, and the push token forgotten).
import { QueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
} from 'react';
import { deviceCountry, signInIdentifier } from '../lib/identifier';
import { stopBackgroundLocation } from '../lib/location-task';
import { secretStore } from '../lib/secret-store';
import { api, errorCode, setBearer } from './client';

export interface Session {
  token: string;
  businessId: string;
  /** What the courier signed in with: their email or their phone number. */
  email: string;
}

const SESSION_KEY = 'flux.courier.session';

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { retry: 1, staleTime: 5_000, gcTime: 24 * 3_600_000, networkMode: 'offlineFirst' },
  },
});

interface SessionContextValue {
  session: Session | null;
  ready: boolean;
  /** `identifier`: the email, or the phone number the shop registered the courier with. */
  signIn(identifier: string, password: string): Promise<void>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    void secretStore
      .get(SESSION_KEY)
      .then((raw) => {
        if (!raw) return;
        const saved = JSON.parse(raw) as Session;
        setBearer(saved.token);
        setSession(saved);
      })
      .catch(() => undefined)
      .finally(() => setReady(true));
  }, []);

  const signIn = useCallback(async (identifier: string, password: string) => {
    const clock = Intl.DateTimeFormat().resolvedOptions();
    const grant = await api.auth.signIn.mutate({
      ...signInIdentifier(identifier, deviceCountry(clock.timeZone, clock.locale)),
      password,
      client: 'app',
    });
    if (!grant.token || !grant.businessId) throw new Error('NO_BUSINESS');
    const next: Session = {
      token: grant.token,
      businessId: grant.businessId,
      email: identifier.trim(),
    };
    setBearer(next.token);
    try {
      await api.courier.me.query({ businessId: next.businessId });
    } catch (error) {
      setBearer(null);
      if (errorCode(error) === 'FORBIDDEN' || errorCode(error) === 'NOT_FOUND') {
        throw new Error('NOT_COURIER');
      }
      throw error;
    }
    await secretStore.set(SESSION_KEY, JSON.stringify(next));
    setSession(next);
  }, []);

  const signOut = useCallback(async () => {
    const current = session;
    if (current) {
      // Best effort: offline, the session simply expires on the server.
      await api.courier.registerPushToken
        .mutate({ businessId: current.businessId, token: null })
        .catch(() => undefined);
      await api.auth.signOut.mutate().catch(() => undefined);
    }
    // No position leaves the phone once signed out, whatever the screens do meanwhile.
    await stopBackgroundLocation();
    await secretStore.remove(SESSION_KEY);
    setBearer(null);
    queryClient.clear();
    setSession(null);
  }, [session]);

  const value = useMemo(
    () => ({ session, ready, signIn, signOut }),
    [session, ready, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in session (inside the signed-in routes only). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn without a session');
  return session;
}
