import { fetchJson, VendorFailure } from './vendor-http.ts';

export interface WecomRobotOptions {
  /** Default https://qyapi.weixin.qq.com (tests point it at a local fake). */
  baseUrl?: string;
  /** Default 5000. */
  timeoutMs?: number;
}

export type WecomRobotMessage =
  | { msgtype: 'markdown'; content: string }
  | { msgtype: 'text'; content: string };

/** The documented limits: markdown content up to 4,096 bytes, text up to 2,048 bytes (UTF-8). */
export const WECOM_ROBOT_MAX_BYTES = { markdown: 4096, text: 2048 } as const;

/**
 * A WeCom group robot error code, without the request: the robot key is the robot's only credential,
 * so it stays out of errors and logs (errmsg is dropped too, it may echo the request).
 */
export class WecomRobotError extends Error {
  constructor(readonly errcode: number) {
    super(`WeCom group robot errcode ${errcode}`);
    this.name = 'WecomRobotError';
  }
}

// 93000: the webhook key is invalid (the robot was removed from the group); 93004: the robot was
// turned off. Neither gets better by retrying: the operator must set a new key.
const KEY_REFUSED = new Set([93000, 93004]);
// 45009: more than 20 messages a minute from this robot; worth trying again later.
const RATE_LIMITED = 45009;

export type WecomRobotOutcome = 'sent' | 'key_refused' | 'rate_limited';

/**
 * Sends a message into a WeCom group through its group robot (群机器人): POST
 * /cgi-bin/webhook/send?key=… with {msgtype, markdown|text: {content}}; the answer is
 * {errcode, errmsg}, errcode 0 on success (developer.work.weixin.qq.com/document/path/91770).
 * Content over the documented byte limit is cut at a character boundary with an ellipsis.
 */
export class WecomRobotClient {
  readonly description: string;

  constructor(private readonly options: WecomRobotOptions = {}) {
    this.description = `WeCom group robot: sends REAL messages to ${this.base()}`;
  }

  async send(key: string, message: WecomRobotMessage): Promise<WecomRobotOutcome> {
    const content = fitBytes(message.content, WECOM_ROBOT_MAX_BYTES[message.msgtype]);
    const { status, body } = await fetchJson(
      `${this.base()}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msgtype: message.msgtype, [message.msgtype]: { content } }),
        timeoutMs: this.options.timeoutMs ?? 5000,
      },
    );
    const errcode = (body as { errcode?: unknown }).errcode;
    if (status !== 200 || typeof errcode !== 'number') throw new VendorFailure('bad_response', status);
    if (errcode === 0) return 'sent';
    if (KEY_REFUSED.has(errcode)) return 'key_refused';
    if (errcode === RATE_LIMITED) return 'rate_limited';
    throw new WecomRobotError(errcode);
  }

  private base() {
    return (this.options.baseUrl ?? 'https://qyapi.weixin.qq.com').replace(/\/$/, '');
  }
}

/** The longest prefix of `text` (whole characters) that with '…' fits in `max` UTF-8 bytes. */
export function fitBytes(text: string, max: number): string {
  const encoder = new TextEncoder();
  if (encoder.encode(text).length <= max) return text;
  let out = '';
  let bytes = 0;
  const room = max - 3; // '…' is 3 bytes
  for (const ch of text) {
    const n = encoder.encode(ch).length;
    if (bytes + n > room) break;
    out += ch;
    bytes += n;
  }
  return `${out}…`;
}
