// The signed-in courier's live state: the server's offers and deliveries with the waiting actions
// laid over them (lib/courier-state), the persistent action queue and when it is replayed (at
// start, when the network returns, every 15 s, after each new action), the position sharing while
// available, and the push token.
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
  useState,
} from 'react';
import { AppState } from 'react-native';
import {
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
import { kv } from '../../lib/storage';
import { api, type Offer, outcomeOf, serverClockSkew, type Task } from '../client';
import { useSignedIn } from '../session';
import { courierKeys, useDeliveries, useMe, useOffers } from './use-courier-queries';

const RETRY_MS = 15_000;

interface CourierContextValue {
  state: CourierState<Offer, Task>;
  offers: Offer[];
  deliveries: TaskView<Task>[];
  available: boolean;
  sharing: 'on' | 'off' | 'denied';
  setAvailable(available: boolean): Promise<void>;
  availabilityBusy: boolean;
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
  const available = me.data?.status === 'available' || me.data?.status === 'busy';
  const offers = useOffers(available);
  const deliveries = useDeliveries();

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
        const base = {
          businessId: session.businessId,
          deliveryId: action.deliveryId,
          clientActionId: action.id,
        };
        try {
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
      onRejected: ({ action, code, message }) => {
        dispatch({ type: 'rejected', action, code, message });
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
  // flaky interface offline); a send that cannot go through keeps the action in place.
  const flush = useCallback(async () => {
    await queue.flush();
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
    const timer = setInterval(() => void flush(), RETRY_MS);
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

  const [availabilityBusy, setAvailabilityBusy] = useState(false);
  const setAvailable = useCallback(
    async (next: boolean) => {
      setAvailabilityBusy(true);
      try {
        const courier = await api.courier.setAvailability.mutate({
          businessId: session.businessId,
          status: next ? 'available' : 'offline',
        });
        queryClient.setQueryData(courierKeys.me, (old: typeof me.data) =>
          old ? { ...old, status: courier.status } : old,
        );
        if (next) await startBackgroundLocation();
        else await stopBackgroundLocation();
        refresh();
      } finally {
        setAvailabilityBusy(false);
      }
    },
    [session.businessId, queryClient, refresh],
  );

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
      sharing,
      setAvailable,
      availabilityBusy,
      act,
      flush,
      dismiss,
      skewMs: serverClockSkew(),
    }),
    [state, available, sharing, setAvailable, availabilityBusy, act, flush, dismiss],
  );
  return <CourierContext.Provider value={value}>{children}</CourierContext.Provider>;
}

export function useCourier(): CourierContextValue {
  const value = useContext(CourierContext);
  if (!value) throw new Error('useCourier outside CourierProvider');
  return value;
}
