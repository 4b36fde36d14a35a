import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

export interface SmsMessage {
  to: string;
  text: string;
  code: string;
}

/** Sends one-time codes. Real vendors get their own adapter; the default only writes a file. */
export interface SmsProvider {
  readonly name: string;
  /** One line for the start-up log saying what this provider really does. */
  readonly description: string;
  send(message: SmsMessage): Promise<void>;
}

/**
 * The local default: appends each message as a JSON line to a file. No SMS leaves the machine —
 * this is for development, demos and tests (the browser tests read codes from this file).
 */
export class ConsoleSmsProvider implements SmsProvider {
  readonly name = 'console';
  readonly description: string;

  constructor(private readonly outboxFile: string) {
    this.description = `console SMS provider: NO SMS IS REALLY SENT; codes are appended to ${outboxFile}`;
  }

  async send(message: SmsMessage): Promise<void> {
    await mkdir(path.dirname(this.outboxFile), { recursive: true });
    const line = JSON.stringify({ ...message, at: new Date().toISOString() });
    await appendFile(this.outboxFile, `${line}\n`, { mode: 0o600 });
  }
}
