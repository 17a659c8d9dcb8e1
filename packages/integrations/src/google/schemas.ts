// zod of what Google sends: Gmail API answers, the OAuth error body, and the Pub/Sub push.
import { z } from 'zod';

export const gmailProfileSchema = z.object({
  emailAddress: z.string(),
  messagesTotal: z.number().optional(),
  threadsTotal: z.number().optional(),
  historyId: z.string(),
});

const messageRef = z.object({ id: z.string(), threadId: z.string() });

export const gmailMessageListSchema = z.object({
  messages: z.array(messageRef).optional(),
  nextPageToken: z.string().optional(),
  resultSizeEstimate: z.number().optional(),
});

/** `users.messages.get` with format=raw: the RFC 822 message in base64url. */
export const gmailRawMessageSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).optional(),
  snippet: z.string().optional(),
  historyId: z.string().optional(),
  /** Milliseconds since the epoch, as a string. */
  internalDate: z.string().optional(),
  sizeEstimate: z.number().optional(),
  raw: z.string(),
});

export const gmailHistoryListSchema = z.object({
  history: z
    .array(
      z.object({
        id: z.string(),
        messagesAdded: z
          .array(
            z.object({ message: messageRef.extend({ labelIds: z.array(z.string()).optional() }) }),
          )
          .optional(),
      }),
    )
    .optional(),
  nextPageToken: z.string().optional(),
  historyId: z.string(),
});

export const gmailWatchSchema = z.object({
  historyId: z.string(),
  /** Milliseconds since the epoch, as a string. */
  expiration: z.string(),
});

export const gmailSentSchema = z.object({
  id: z.string(),
  threadId: z.string(),
  labelIds: z.array(z.string()).optional(),
});

/** The body Pub/Sub POSTs to a push endpoint. */
export const pubsubPushSchema = z.object({
  message: z.object({
    data: z.string(),
    messageId: z.string().optional(),
    publishTime: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  subscription: z.string(),
});

/** What Gmail puts in `message.data` (base64 JSON). */
export const gmailPushDataSchema = z.object({
  emailAddress: z.string(),
  historyId: z.union([z.string(), z.number()]).transform(String),
});

export type GmailRawMessage = z.infer<typeof gmailRawMessageSchema>;
export type GmailPushData = z.infer<typeof gmailPushDataSchema>;
