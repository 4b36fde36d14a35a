/**
 * The parts of the `wx` API the shell uses, recorded: wx.request answers from a route table the test
 * fills (like the server would), storage is a Map, navigation and subscribe calls are kept.
 */
export interface FakeReply {
  statusCode: number;
  data?: unknown;
  header?: Record<string, string>;
}

export function installFakeWx() {
  const storage = new Map<string, unknown>();
  const requests: { url: string; method: string; data: unknown; header: Record<string, string> }[] = [];
  const routes = new Map<string, (req: { data: unknown; header: Record<string, string> }) => FakeReply>();
  const redirects: string[] = [];
  const subscribeCalls: { tmplIds: string[] }[] = [];
  let loginCode: string | undefined = 'wx-login-code-1';
  let subscribeAnswer: Record<string, string> = {};

  const wx = {
    getStorageSync: (k: string) => storage.get(k) ?? '',
    setStorageSync: (k: string, v: unknown) => storage.set(k, v),
    removeStorageSync: (k: string) => storage.delete(k),
    login(o: { success?: (r: { code?: string }) => void; fail?: () => void }) {
      setTimeout(() => (loginCode ? o.success?.({ code: loginCode }) : o.fail?.()), 0);
    },
    request(o: {
      url: string;
      method: string;
      data?: unknown;
      header: Record<string, string>;
      success?: (r: FakeReply & { header: Record<string, string> }) => void;
      fail?: () => void;
    }) {
      const path = new URL(o.url).pathname;
      requests.push({ url: o.url, method: o.method, data: o.data, header: o.header });
      const route = routes.get(`${o.method} ${path}`);
      setTimeout(() => {
        if (!route) return o.fail?.();
        const r = route({ data: o.data, header: o.header });
        o.success?.({ ...r, header: r.header ?? {} });
      }, 0);
    },
    redirectTo: (o: { url: string }) => redirects.push(o.url),
    requestSubscribeMessage(o: { tmplIds: string[]; success?: (r: Record<string, string>) => void }) {
      subscribeCalls.push({ tmplIds: o.tmplIds });
      setTimeout(() => o.success?.({ errMsg: 'requestSubscribeMessage:ok', ...subscribeAnswer }), 0);
    },
  };
  (globalThis as unknown as { wx: unknown }).wx = wx;
  return {
    storage,
    requests,
    routes,
    redirects,
    subscribeCalls,
    setLoginCode: (c: string | undefined) => {
      loginCode = c;
    },
    answerSubscribe: (a: Record<string, string>) => {
      subscribeAnswer = a;
    },
  };
}

/**
 * Lets the page's promises and the fake's timers run: until `done` holds (at most 5 s), or for a few
 * turns of the event loop when there is nothing to wait for.
 */
export async function settle(done?: () => boolean): Promise<void> {
  const until = Date.now() + 5000;
  for (let i = 0; ; i++) {
    await new Promise((r) => setTimeout(r, 5));
    if (done ? done() : i >= 10) return;
    if (Date.now() > until) return;
  }
}
