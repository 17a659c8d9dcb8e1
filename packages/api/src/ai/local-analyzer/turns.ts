// A conversation as the local analyzer reads it: the customer's turns, oldest first, each with
// what the business said just before it and the location pin shared in it.
import type { ConversationLine, Pin } from '../output';

/**
 * The customer's latest turn: their messages since the business last spoke before them. A quick
 * "bien reçu" sent by the team after it does not hide it (the analysis runs a few seconds late).
 */
export function currentTurn(conversation: ConversationLine[]): string {
  return customerTurns(conversation).at(-1)?.text ?? '';
}

export interface Turn {
  /** What the customer wrote: a location pin's words are a place, not products or cue phrases. */
  text: string;
  /** What the business said just before it. */
  before: string;
  /** The last location pin the customer shared in it. */
  pin?: Pin;
}

/** The customer's turns, oldest first, each with the business's message before it. */
export function customerTurns(conversation: ConversationLine[]): Turn[] {
  const turns: Turn[] = [];
  let before = '';
  let current: string[] = [];
  let pin: Pin | undefined;
  let open = false;
  const close = () => {
    if (open) turns.push({ text: current.join('\n'), before, ...(pin ? { pin } : {}) });
    current = [];
    pin = undefined;
    open = false;
  };
  for (const line of conversation) {
    if (line.from === 'customer') {
      open = true;
      if (line.pin) pin = line.pin;
      else current.push(line.text);
    } else {
      close();
      before = line.text;
    }
  }
  close();
  return turns;
}
