import { z } from 'zod';

// Text that people type. PostgreSQL cannot store U+0000 in text or jsonb, and a lone UTF-16
// surrogate is accepted by a text column but breaks the JSON of the event written with it: both
// must be refused here, with the field named, before any service sees them. Other C0/C1 controls
// have no business in a note or a name and hide text from moderators and the rules engine.
const SINGLE_LINE_FORBIDDEN = /[\u0000-\u001F\u007F-\u009F]|\p{Surrogate}/u;
// Notes and messages are typed in a textarea: line breaks and tabs stay allowed as they were, and a
// carriage return too, since some clients send CRLF.
const MULTI_LINE_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Surrogate}/u;

export const INVALID_TEXT = 'invalid_text';

/** True when the string holds a character no text field accepts (control or unpaired surrogate). */
export const hasForbiddenText = (s: string, multiLine = false): boolean =>
  (multiLine ? MULTI_LINE_FORBIDDEN : SINGLE_LINE_FORBIDDEN).test(s);

const refuse = (multiLine: boolean) => (s: string) => !hasForbiddenText(s, multiLine);
const issue = {
  message: 'control characters and unpaired surrogates are not allowed',
  params: { code: INVALID_TEXT },
};

/** One line of text (names, ids, query values), trimmed. */
export const singleLine = (opts: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .min(opts.min ?? 0)
    .max(opts.max)
    .refine(refuse(false), issue);

/** Free text that may span lines (notes, messages), trimmed. */
export const multiLine = (opts: { min?: number; max: number }) =>
  z
    .string()
    .trim()
    .min(opts.min ?? 0)
    .max(opts.max)
    .refine(refuse(true), issue);

/** An untrimmed token (cursor, key, id) that must still be plain text. */
export const token = (opts: { min?: number; max: number }) =>
  z
    .string()
    .min(opts.min ?? 0)
    .max(opts.max)
    .refine(refuse(false), issue);

/** Whether a Zod issue is the refusal above, whichever way a library copied its params. */
export const isInvalidTextIssue = (i: { code?: string; params?: unknown }): boolean =>
  (i.params as { code?: string } | undefined)?.code === INVALID_TEXT;
