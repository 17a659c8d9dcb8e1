// The signed-in courier's live state: the server's offers and deliveries with the waiting actions
// laid over them (lib/courier-state), the persistent action queue and when it is replayed (at
// start, when the network returns, after each new action, and every 15 s for the actions whose
// backoff is over), the live events while in front, availability (queued like every action), the
// position sharing while available, and the push token.
import { onlineManager, useQueryClient } from '@tanstack/react-query';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
} from 'react';
import { AppState } from 'react-native';
import {
  availabilityOf,
  type CourierState,
  courierReducer,
  currentDeliveries,
  initialCourierState,
  openOffers,
  type TaskView,
} from '../../lib/courier-state';
import { useLocationSharing } from '../../lib/location';
import { startBackgroundLocation, stopBackgroundLocation } from '../../lib/location-task';
import { uploadProofPhoto } from '../../lib/photo';
import { registerForPush } from '../../lib/push';
import { type ActionInput, ActionQueue, type QueuedAction } from '../../lib/queue';
import { outcomeOf } from '../../lib/refusal';
import { kv } from '../../lib/storage';
import { api, type Offer, serverClockSkew, type Task } from '../client';
import { useSignedIn } from '../session';
import { type LiveState, useCourierLive } from './use-courier-live';
import { courierKeys, useDeliveries, useMe, useOffers } from './use-courier-queries';

const RETRY_MS = 15_000;

interface CourierContextValue {
  state: CourierState<Offer, Task>;
  offers: Offer[];
  deliveries: TaskView<Task>[];
  /** As the courier sees it: the last tap wins until it is sent (lib/courier-state). */
  available: boolean;
  /** An availability tap not sent yet. */
  availabilityWaiting: boolean;
  sharing: 'on' | 'off' | 'denied';
  setAvailable(available: boolean): Promise<void>;
  /** The live events' connection (offers at once while `live`). */
  live: LiveState;
  act(input: ActionInput, label: string): Promise<QueuedAction>;
  flush(): Promise<void>;
  dismiss(noticeId: string): void;
  /** Server time minus phone time, from the last answer's Date header. */
  skewMs: number;
}

const CourierContext = createContext<CourierContextValue | null>(null);

export function CourierProvider({ children }: { children: ReactNode }) {
  const session = useSignedIn();
  const queryClient = useQueryClient();
  const [state, dispatch] = useReducer(
    courierReducer<Offer, Task>,
    undefined,
    initialCourierState<Offer, Task>,
  );
  const me = useMe();
  const availability = availabilityOf(me.data?.status, state.queue);
  const available = availability.available;
  const live = useCourierLive(true);
  const offers = useOffers(available, live === 'live');
  const deliveries = useDeliveries(live === 'live');

  useEffect(() => {
    if (offers.data) dispatch({ type: 'offers', offers: offers.data });
  }, [offers.data]);
  useEffect(() => {
    if (deliveries.data) {
      dispatch({
        type: 'deliveries',
        deliveries: deliveries.data.rows,
        at: deliveries.data.startedAt,
      });
    }
  }, [deliveries.data]);

  const refresh = useCallback(() => {
    for (const key of Object.values(courierKeys)) {
      void queryClient.invalidateQueries({ queryKey: key });
    }
  }, [queryClient]);

  const queueRef = useRef<ActionQueue | null>(null);
  if (!queueRef.current) {
    const queue: ActionQueue = new ActionQueue({
      store: kv,
      key: `flux.courier.queue.v1:${session.businessId}`,
      async send(action) {
        try {
          if (action.kind === 'availability') {
            // Setting a status is a replay-safe no-op when it is already so.
            const courier = await api.courier.setAvailability.mutate({
              businessId: session.businessId,
              status: action.status,
            });
            queryClient.setQueryData(courierKeys.me, (old: typeof me.data) =>
              old ? { ...old, status: courier.status } : old,
            );
            return { ok: true };
          }
          const base = {
            businessId: session.businessId,
            deliveryId: action.deliveryId,
            clientActionId: action.id,
          };
          switch (action.kind) {
            case 'accept':
              await api.courier.accept.mutate(base);
              break;
            case 'decline':
              await api.courier.decline.mutate({ ...base, reason: action.reason });
              break;
            case 'pickUp':
              await api.courier.pickUp.mutate(base);
              break;
            case 'deliver': {
              let photoUploadId = action.photoUploadId;
              if (action.photoUri && !photoUploadId) {
                photoUploadId = await uploadProofPhoto({
                  businessId: session.businessId,
                  deliveryId: action.deliveryId,
                  uri: action.photoUri,
                });
                await queue.update(action.id, { photoUploadId });
              }
              await api.courier.deliver.mutate({
                ...base,
                otp: action.otp,
                photoUploadId,
                cashCollected: action.cashCollected,
                cashNote: action.cashNote,
              });
              break;
            }
            case 'fail':
              await api.courier.fail.mutate({ ...base, reason: action.reason, note: action.note });
              break;
          }
          return { ok: true };
        } catch (error) {
          return outcomeOf(error);
        }
      },
      onSent: (action) => {
        dispatch({ type: 'sent', action, at: Date.now() });
        refresh();
      },
      onRejected: ({ action, code, message, refusal }) => {
        dispatch({ type: 'rejected', action, code, message, refusal });
        refresh();
      },
    });
    queueRef.current = queue;
  }
  const queue = queueRef.current;

  useEffect(
    () => queue.subscribe((actions) => dispatch({ type: 'queue', queue: [...actions] })),
    [queue],
  );

  // Tried even when the browser says offline: its word is a hint (a captive portal says online, a
  // flaky interface offline); a send that cannot go through keeps the action in place. `flush` is
  // forced (the courier's "retry", a new action, the network or the app back); the timer's is not,
  // so an action that keeps failing is tried less and less often (lib/queue's backoff).
  const flush = useCallback(async () => {
    await queue.flush({ force: true });
  }, [queue]);

  // Replayed at start, when the network returns, when the app comes back, and every 15 s.
  useEffect(() => {
    void queue.load().then(flush);
    const offOnline = onlineManager.subscribe((online) => {
      if (online) void flush();
    });
    const appState = AppState.addEventListener('change', (next) => {
      if (next === 'active') void flush();
    });
    const timer = setInterval(() => void queue.flush(), RETRY_MS);
    return () => {
      offOnline();
      appState.remove();
      clearInterval(timer);
    };
  }, [queue, flush]);

  const act = useCallback(
    async (input: ActionInput, label: string) => {
      const action = await queue.enqueue(input, label);
      void flush();
      return action;
    },
    [queue, flush],
  );

  // Queued like every action: off duty tapped in a tunnel is off duty on the phone at once (no
  // offers, no position), and reaches the server when the network does.
  const setAvailable = useCallback(
    async (next: boolean) => {
      await act(
        { kind: 'availability', status: next ? 'available' : 'offline' },
        next ? 'status.available' : 'status.offline',
      );
    },
    [act],
  );

  // The background task follows availability as the courier sees it: started when available,
  // stopped when off duty (here or by the shop: the server's status) and when signing out.
  useEffect(() => {
    if (available) void startBackgroundLocation();
    else void stopBackgroundLocation();
  }, [available]);
  useEffect(() => () => void stopBackgroundLocation(), []);

  const sharing = useLocationSharing(available, session.businessId);

  useEffect(() => {
    void registerForPush(session.businessId);
  }, [session.businessId]);

  const dismiss = useCallback((noticeId: string) => dispatch({ type: 'dismiss', noticeId }), []);

  const value = useMemo<CourierContextValue>(
    () => ({
      state,
      offers: openOffers(state),
      deliveries: currentDeliveries(state),
      available,
      availabilityWaiting: availability.waiting,
      sharing,
      setAvailable,
      live,
      act,
      flush,
      dismiss,
      skewMs: serverClockSkew(),
    }),
    [state, available, availability.waiting, sharing, setAvailable, live, act, flush, dismiss],
  );
  return <CourierContext.Provider value={value}>{children}</CourierContext.Provider>;
}

export function useCourier(): CourierContextValue {
  const value = useContext(CourierContext);
  if (!value) throw new Error('useCourier outside CourierProvider');
  return value;
}
