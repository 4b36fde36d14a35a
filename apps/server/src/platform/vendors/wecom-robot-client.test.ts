import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';
import { VendorFailure } from './vendor-http.ts';
import { fitBytes, WecomRobotClient, WecomRobotError } from './wecom-robot-client.ts';

const KEY = '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';

/** A local WeCom webhook: answers the errcode the test queued, 0 otherwise. */
describe('WeCom group robot (webhook/send)', () => {
  let fake: FakeVendorServer;
  let answers: ({ errcode: number } | { status: number; text: string } | { hang: true })[] = [];
  beforeAll(async () => {
    fake = await startFakeVendor((req) => {
      if (!req.url.startsWith('/cgi-bin/webhook/send')) return { status: 404, text: 'no such path' };
      const a = answers.shift() ?? { errcode: 0 };
      if ('hang' in a) return a;
      if ('status' in a) return a;
      return { json: { errcode: a.errcode, errmsg: a.errcode ? `invalid webhook url, key ${KEY}` : 'ok' } };
    });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.seen.length = 0;
    answers = [];
  });
  const client = (timeoutMs?: number) => new WecomRobotClient({ baseUrl: fake.endpoint, timeoutMs });

  test('a markdown message is posted with the documented body and the key in the query', async () => {
    expect(await client().send(KEY, { msgtype: 'markdown', content: '## 停水通知\n**明天** 9:00' })).toBe(
      'sent',
    );
    const [req] = fake.seen;
    expect(req?.method).toBe('POST');
    const url = new URL(req?.url ?? '', 'http://fake');
    expect(url.pathname).toBe('/cgi-bin/webhook/send');
    expect(url.searchParams.get('key')).toBe(KEY);
    expect(req?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      msgtype: 'markdown',
      markdown: { content: '## 停水通知\n**明天** 9:00' },
    });
  });

  test('a text message uses the text field', async () => {
    await client().send(KEY, { msgtype: 'text', content: 'hello' });
    expect(JSON.parse(fake.seen[0]?.body ?? '')).toEqual({ msgtype: 'text', text: { content: 'hello' } });
  });

  test('content over the documented byte limit is cut at a character boundary', async () => {
    await client().send(KEY, { msgtype: 'text', content: '药'.repeat(1000) });
    const content = JSON.parse(fake.seen[0]?.body ?? '').text.content as string;
    expect(new TextEncoder().encode(content).length).toBeLessThanOrEqual(2048);
    expect(content.endsWith('…')).toBe(true);
    expect(fitBytes('abc', 10)).toBe('abc');
  });

  test('errcodes: a removed robot and the rate limit are outcomes, others are errors without the key', async () => {
    answers = [{ errcode: 93000 }, { errcode: 45009 }, { errcode: 40008 }];
    expect(await client().send(KEY, { msgtype: 'text', content: 'a' })).toBe('key_refused');
    expect(await client().send(KEY, { msgtype: 'text', content: 'a' })).toBe('rate_limited');
    const err = await client()
      .send(KEY, { msgtype: 'text', content: 'a' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomRobotError);
    expect((err as WecomRobotError).errcode).toBe(40008);
    expect(String((err as Error).message)).not.toContain(KEY);
  });

  test('a server error, a non-JSON answer and a hang are vendor failures', async () => {
    answers = [{ status: 502, text: 'bad gateway' }, { status: 200, text: '<html>' }, { hang: true }];
    await expect(client().send(KEY, { msgtype: 'text', content: 'a' })).rejects.toBeInstanceOf(VendorFailure);
    await expect(client().send(KEY, { msgtype: 'text', content: 'a' })).rejects.toBeInstanceOf(VendorFailure);
    const hung = await client(200)
      .send(KEY, { msgtype: 'text', content: 'a' })
      .catch((e: unknown) => e);
    expect((hung as VendorFailure).reason).toBe('timeout');
  });
});
