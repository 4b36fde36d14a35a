import { CONFIG } from '../config';

const SESSION_KEY = 'mr_sid';

export interface ApiError {
  status: number;
  code: string;
}

/** The session cookie the server set, kept in storage: wx.request does not keep cookies itself. */
export function session(): string {
  return (wx.getStorageSync(SESSION_KEY) as string) || '';
}

export function clearSession(): void {
  wx.removeStorageSync(SESSION_KEY);
}

function keepSession(header: Record<string, string | string[] | undefined>, cookies?: string[]) {
  const all = [
    ...(cookies ?? []),
    ...[header['Set-Cookie'], header['set-cookie']].flat().filter((c): c is string => typeof c === 'string'),
  ];
  for (const line of all) {
    const m = /(?:^|[\s,])mr_sid=([^;,\s]+)/.exec(line);
    if (m?.[1]) wx.setStorageSync(SESSION_KEY, m[1]);
  }
}

/** A JSON call to the MedRelay API with the stored session; rejects with {status, code} on 4xx/5xx. */
export function api<T>(method: 'GET' | 'POST' | 'DELETE', path: string, data?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const sid = session();
    wx.request({
      url: `${CONFIG.apiBase}${path}`,
      method,
      data,
      header: { 'content-type': 'application/json', ...(sid ? { cookie: `mr_sid=${sid}` } : {}) },
      success(res) {
        keepSession(res.header as Record<string, string>, (res as { cookies?: string[] }).cookies);
        if (res.statusCode >= 200 && res.statusCode < 300) return resolve(res.data as T);
        const body = res.data as { error?: { code?: string } } | undefined;
        reject({ status: res.statusCode, code: body?.error?.code ?? 'network' } satisfies ApiError);
      },
      fail() {
        reject({ status: 0, code: 'network' } satisfies ApiError);
      },
    });
  });
}

/** wx.login as a promise: the one-time code the server exchanges (jscode2session). */
export function wxLogin(): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.login({
      success: (r) => (r.code ? resolve(r.code) : reject({ status: 0, code: 'wx_login_failed' })),
      fail: () => reject({ status: 0, code: 'wx_login_failed' }),
    });
  });
}
