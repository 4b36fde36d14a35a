import { z } from 'zod';
import { MESSAGE_MAX_LENGTH, REVEAL_CHANNELS } from './rules.ts';
import { multiLine } from './text.ts';

export const ContactReply = z.object({
  /** The poster's number, or a privacy middle number when number binding is on. */
  phone: z.string(),
  via: z.enum(REVEAL_CHANNELS),
  expiresAt: z.iso.datetime().nullable(),
});
export type ContactReply = z.infer<typeof ContactReply>;

export const SendMessageBody = z.strictObject({ text: multiLine({ min: 1, max: MESSAGE_MAX_LENGTH }) });

export const MessageView = z.object({
  id: z.number().int(),
  mine: z.boolean(),
  text: z.string(),
  createdAt: z.iso.datetime(),
});
export type MessageView = z.infer<typeof MessageView>;

export const ThreadView = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  /** owner = I posted; helper = I wrote to the poster. */
  role: z.enum(['owner', 'helper']),
  createdAt: z.iso.datetime(),
  lastMessageAt: z.iso.datetime(),
  messages: z.array(MessageView),
});
export type ThreadView = z.infer<typeof ThreadView>;
export const ThreadsReply = z.object({ items: z.array(ThreadView.omit({ messages: true })) });
export const ThreadIdParams = z.object({ id: z.uuid() });

/** What is left of my reveal limits (the "今天还可查看 N 次" before revealing a number). */
export const RevealQuota = z.object({
  leftToday: z.number().int(),
  leftThisHour: z.number().int(),
  perDay: z.number().int(),
  perHour: z.number().int(),
});
export type RevealQuota = z.infer<typeof RevealQuota>;

/** How many people already responded to a post (revealed its number or wrote), never who. */
export const PostResponses = z.object({ count: z.number().int() });
export type PostResponses = z.infer<typeof PostResponses>;
