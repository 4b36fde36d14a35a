import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface SmsMessage {
  to: string;
  text: string;
  code: string;
}

/**
 * Notices go out as approved templates without parameters: the text names no person, place or
 * medicine, only that there is something to look at in the app.
 */
export const SMS_NOTICE_TEXTS = {
  match: '【余药互助】附近有人提供你需要的药品，打开余药互助查看。',
} as const;
export type SmsNoticeTemplate = keyof typeof SMS_NOTICE_TEXTS;

export interface SmsNotice {
  /** The person's own 11-digit mainland number. */
  to: string;
  template: SmsNoticeTemplate;
}

/** Sends one-time codes. Real vendors get their own adapter; the default only writes a file. */
export interface SmsProvider {
  readonly name: string;
  /** One line for the start-up log saying what this provider really does. */
  readonly description: string;
  send(message: SmsMessage): Promise<void>;
  /** Sends a notice; absent when this deployment has no notice template (SMS notices are off). */
  readonly sendNotice?: (notice: SmsNotice) => Promise<void>;
}

/**
 * The local default: appends each message as a JSON line to a file. No SMS leaves the machine —
 * this is for development, demos and tests (the browser tests read codes from this file).
 */
export class ConsoleSmsProvider implements SmsProvider {
  readonly name = 'console';
  readonly description: string;

  constructor(private readonly outboxFile: string) {
    this.description = `console SMS provider: NO SMS IS REALLY SENT; codes and notices are appended to ${outboxFile}`;
  }

  async send(message: SmsMessage): Promise<void> {
    await this.append({ ...message });
  }

  /** Written as `{ to, template, text, at }` without a `code`, so code readers can tell it apart. */
  readonly sendNotice = async (notice: SmsNotice): Promise<void> => {
    await this.append({ to: notice.to, template: notice.template, text: SMS_NOTICE_TEXTS[notice.template] });
  };

  private async append(entry: Record<string, string>) {
    await mkdir(path.dirname(this.outboxFile), { recursive: true });
    const line = JSON.stringify({ ...entry, at: new Date().toISOString() });
    await appendFile(this.outboxFile, `${line}\n`, { mode: 0o600 });
  }
}
