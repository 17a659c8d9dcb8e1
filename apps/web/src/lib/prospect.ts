// How a prospect is named on screen when the team has not named them: a customer who hides their
// number behind a WhatsApp username has no phone to show, only that username.

/** "@awa_shop", or null without a username. */
export function usernameHandle(prospect: { username?: string | null }): string | null {
  return prospect.username ? `@${prospect.username}` : null;
}

/** The phone, else the WhatsApp username: how to reach or recognise them. */
export function contactLine(prospect: {
  phone: string | null;
  username?: string | null;
}): string | null {
  return prospect.phone ?? usernameHandle(prospect);
}
