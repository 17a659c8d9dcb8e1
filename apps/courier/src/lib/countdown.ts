// An offer's countdown: the seconds left to accept it, and when it has expired (it cannot be
// accepted then, and says so). The phone's clock may be off from the server's: `skewMs` (server
// minus phone, measured at the last answer) corrects it.

export interface Countdown {
  secondsLeft: number;
  expired: boolean;
  /** "0:42", "1:05". */
  label: string;
  /** 1 → 0 as the time runs out, for the bar. */
  fraction: number;
  /** The last 10 seconds: shown in red. */
  urgent: boolean;
}

export function offerCountdown(
  expiresAt: Date | string | number | null,
  now: number,
  options: { skewMs?: number; totalSeconds?: number } = {},
): Countdown {
  if (expiresAt === null) {
    return { secondsLeft: 0, expired: true, label: '0:00', fraction: 0, urgent: true };
  }
  const end = new Date(expiresAt).getTime();
  const serverNow = now + (options.skewMs ?? 0);
  const secondsLeft = Math.max(0, Math.ceil((end - serverNow) / 1000));
  const total = options.totalSeconds ?? 45;
  const minutes = Math.floor(secondsLeft / 60);
  const seconds = secondsLeft % 60;
  return {
    secondsLeft,
    expired: secondsLeft === 0,
    label: `${minutes}:${String(seconds).padStart(2, '0')}`,
    fraction: Math.min(1, secondsLeft / total),
    urgent: secondsLeft <= 10,
  };
}
