// New-message alerts, both optional and off until the member turns them on in the inbox's
// "Alertes" menu: a short sound (made by the browser, no file to load) and a desktop notification.
// The browser's permission is asked only when the member turns notifications on, never on load.
// The choice is this browser's (localStorage): a shared shop phone and an office PC differ.

export interface AlertPrefs {
  sound: boolean;
  desktop: boolean;
}

const KEY = 'flux.alerts';
const listeners = new Set<() => void>();

export function alertPrefs(): AlertPrefs {
  try {
    const saved = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<AlertPrefs>;
    return { sound: saved.sound === true, desktop: saved.desktop === true };
  } catch {
    return { sound: false, desktop: false };
  }
}

export function setAlertPrefs(prefs: AlertPrefs) {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Private mode: the choice lasts this page.
  }
  for (const listener of listeners) listener();
}

export function onAlertPrefs(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Whether the browser can show notifications, and what it answered so far. */
export function notificationPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** Asks the browser, from the member's own click (browsers ignore requests made without one). */
export async function askNotificationPermission(): Promise<NotificationPermission | 'unsupported'> {
  if (typeof Notification === 'undefined') return 'unsupported';
  if (Notification.permission !== 'default') return Notification.permission;
  return Notification.requestPermission();
}

let audio: AudioContext | null = null;

/** Two short notes; silent when the browser has not allowed sound yet (no click on the page). */
function chime() {
  try {
    audio ??= new AudioContext();
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.12, 1320],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.15, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.11);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.12);
    }
  } catch {
    // No Web Audio here: no sound.
  }
}

/** A customer wrote: ring and notify as the member chose. */
export function alertNewMessage(message: { title: string; body: string; tag: string }) {
  const prefs = alertPrefs();
  if (prefs.sound) chime();
  // On screen already: the list shows it; a notification is for a tab in the background.
  if (prefs.desktop && notificationPermission() === 'granted' && document.hidden) {
    try {
      new Notification(message.title, { body: message.body, tag: message.tag });
    } catch {
      // Some phones only notify from a service worker: the sound and the title still tell.
    }
  }
}
