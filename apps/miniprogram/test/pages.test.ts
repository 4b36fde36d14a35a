import simulate from 'miniprogram-simulate';
import { beforeAll, beforeEach, describe, expect, inject, test } from 'vitest';
import { installFakeWx, settle } from './fake-wx.ts';

const API = 'https://medrelay.example.com';
let pages: Record<string, string>;
let wx: ReturnType<typeof installFakeWx>;

beforeAll(() => {
  pages = inject('miniprogramPages');
});
beforeEach(() => {
  wx = installFakeWx();
});

// The simulated component's instance is untyped.
type Instance = any;
function render(page: string) {
  const id = simulate.load(pages[page] as string, { compiler: 'simulate' });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  return { comp, page: comp.instance as Instance };
}
const text = (comp: { dom: HTMLElement }) => comp.dom.textContent?.replace(/\s+/g, ' ') ?? '';

describe('login page', () => {
  test('a known WeChat user: wx.login code to the server, logged in, the session kept, then the H5 app', async () => {
    wx.routes.set('POST /api/v1/auth/wechat/miniprogram', () => ({
      statusCode: 200,
      data: { status: 'logged_in', me: { id: 'u1' } },
      header: { 'Set-Cookie': 'mr_sid=session-abc; Path=/; HttpOnly; SameSite=Lax' },
    }));
    const { comp, page } = render('pages/login/login');
    page.onLoad({ url: encodeURIComponent('/posts/p1') });
    await settle(() => page.data.state === 'ready');
    expect(wx.requests[0]).toMatchObject({
      url: `${API}/api/v1/auth/wechat/miniprogram`,
      method: 'POST',
      data: { code: 'wx-login-code-1' },
    });
    expect(wx.storage.get('mr_sid')).toBe('session-abc');
    expect(page.data.state).toBe('ready');
    expect(text(comp)).toContain('进入余药互助');
    page.enter();
    expect(wx.redirects).toEqual([`/pages/index/index?url=${encodeURIComponent('/posts/p1')}`]);
  });

  test('a new WeChat user binds a phone with the getPhoneNumber code', async () => {
    wx.routes.set('POST /api/v1/auth/wechat/miniprogram', () => ({
      statusCode: 200,
      data: { status: 'phone_required', bindToken: 'bind-token-123456789012345', expiresInSeconds: 600 },
    }));
    wx.routes.set('POST /api/v1/auth/wechat/phone', () => ({
      statusCode: 200,
      data: { id: 'u2' },
      header: { 'set-cookie': 'mr_sid=session-new; Path=/; HttpOnly' },
    }));
    const { comp, page } = render('pages/login/login');
    page.onLoad({});
    await settle(() => page.data.state === 'phone');
    expect(page.data.state).toBe('phone');
    expect(text(comp)).toContain('微信手机号一键绑定');
    const button = comp.querySelector('.primary');
    expect(button?.dom.getAttribute('open-type') ?? button?.instance?.data).toBeTruthy();
    page.onGetPhoneNumber({ detail: { code: 'phone-code-9', errMsg: 'getPhoneNumber:ok' } });
    await settle(() => page.data.state === 'ready');
    expect(wx.requests.at(-1)).toMatchObject({
      url: `${API}/api/v1/auth/wechat/phone`,
      data: { bindToken: 'bind-token-123456789012345', phoneCode: 'phone-code-9' },
    });
    expect(wx.storage.get('mr_sid')).toBe('session-new');
    expect(page.data.state).toBe('ready');
  });

  test('refusing the phone, or a code the server rejects, shows an error with a retry', async () => {
    wx.routes.set('POST /api/v1/auth/wechat/miniprogram', () => ({
      statusCode: 400,
      data: { error: { code: 'wechat_code_invalid', message: 'x' } },
    }));
    const { comp, page } = render('pages/login/login');
    page.onLoad({});
    await settle(() => page.data.state === 'error');
    expect(page.data.state).toBe('error');
    expect(text(comp)).toContain('微信授权已失效');
    expect(wx.storage.has('mr_sid')).toBe(false);
    page.onGetPhoneNumber({ detail: { errMsg: 'getPhoneNumber:fail user deny' } });
    expect(page.data.errorText).toContain('需要手机号');
  });

  test('reminders: wx.requestSubscribeMessage with the template on a tap', async () => {
    wx.routes.set('POST /api/v1/auth/wechat/miniprogram', () => ({
      statusCode: 200,
      data: { status: 'logged_in', me: { id: 'u1' } },
    }));
    const { comp, page } = render('pages/login/login');
    page.onLoad({});
    await settle(() => page.data.state === 'ready');
    wx.answerSubscribe({ TEMPLATE_ID_FROM_THE_CONSOLE: 'accept' });
    const button = comp.querySelector('#subscribe');
    expect(button).toBeTruthy();
    button.dispatchEvent('tap');
    await settle(() => page.data.subscribed);
    expect(wx.subscribeCalls).toEqual([{ tmplIds: ['TEMPLATE_ID_FROM_THE_CONSOLE'] }]);
    expect(page.data.subscribed).toBe(true);
    expect(text(comp)).toContain('已开启提醒');
  });

  test('a redirect target outside the H5 app becomes its home', async () => {
    const { page } = render('pages/login/login');
    wx.setLoginCode(undefined);
    page.onLoad({ url: encodeURIComponent('//evil.example/x') });
    await settle(() => page.data.state === 'error');
    expect(page.data.next).toBe('/');
  });
});

describe('web-view page', () => {
  test('opens the H5 app through a one-time ticket with the session', async () => {
    wx.storage.set('mr_sid', 'session-abc');
    wx.routes.set('POST /api/v1/auth/ticket', ({ header }) =>
      header.cookie === 'mr_sid=session-abc'
        ? { statusCode: 201, data: { ticket: 'tkt-1', expiresAt: '2026-01-01T00:01:00Z' } }
        : { statusCode: 401, data: { error: { code: 'unauthenticated' } } },
    );
    const { comp, page } = render('pages/index/index');
    page.onLoad({ url: encodeURIComponent('/posts/p1') });
    await settle(() => page.data.src !== '');
    expect(page.data.src).toBe(
      `${API}/api/v1/auth/ticket?ticket=tkt-1&next=${encodeURIComponent('/posts/p1')}`,
    );
    expect(comp.querySelector('.status')).toBeUndefined();
  });

  test("a partner poster's code (scene r=<ref>) opens the partner's square", async () => {
    wx.storage.set('mr_sid', 'session-abc');
    wx.routes.set('POST /api/v1/auth/ticket', () => ({ statusCode: 201, data: { ticket: 't2' } }));
    const { page } = render('pages/index/index');
    page.onLoad({ scene: encodeURIComponent('r=ab12cd34') });
    await settle(() => page.data.src !== '');
    expect(page.data.src).toBe(
      `${API}/api/v1/auth/ticket?ticket=t2&next=${encodeURIComponent('/square?ref=ab12cd34')}`,
    );
  });

  test('without a session, or with an expired one, it goes to login keeping the target', async () => {
    const first = render('pages/index/index');
    first.page.onLoad({ url: encodeURIComponent('/square?kind=need') });
    await settle();
    expect(wx.redirects).toEqual([`/pages/login/login?url=${encodeURIComponent('/square?kind=need')}`]);
    expect(wx.requests).toHaveLength(0);

    wx.storage.set('mr_sid', 'stale');
    wx.routes.set('POST /api/v1/auth/ticket', () => ({
      statusCode: 401,
      data: { error: { code: 'unauthenticated' } },
    }));
    const second = render('pages/index/index');
    second.page.onLoad({});
    await settle(() => wx.redirects.length === 2);
    expect(wx.redirects.at(-1)).toBe(`/pages/login/login?url=${encodeURIComponent('/')}`);
    expect(wx.storage.has('mr_sid')).toBe(false);
  });

  test('onShareAppMessage shares the post or square the web app last reported', async () => {
    wx.storage.set('mr_sid', 'session-abc');
    wx.routes.set('POST /api/v1/auth/ticket', () => ({ statusCode: 201, data: { ticket: 't' } }));
    const { page } = render('pages/index/index');
    page.onLoad({ url: encodeURIComponent('/square') });
    await settle(() => page.data.src !== '');
    expect(page.onShareAppMessage()).toEqual({
      title: '余药互助 · 闲置药品，邻里互助',
      path: `/pages/index/index?url=${encodeURIComponent('/square')}`,
    });
    page.onMessage({
      detail: {
        data: [
          { share: { title: '求药：布洛芬片 · 南山区', path: '/posts/p0' } },
          {
            share: {
              title: '求药：布洛芬片 · 南山区',
              path: '/posts/p1',
              imageUrl: `${API}/api/v1/share/images/need.png`,
            },
          },
        ],
      },
    });
    expect(page.onShareAppMessage()).toEqual({
      title: '求药：布洛芬片 · 南山区',
      path: `/pages/index/index?url=${encodeURIComponent('/posts/p1')}`,
      imageUrl: `${API}/api/v1/share/images/need.png`,
    });
    // A share path outside the app is not passed on.
    page.onMessage({ detail: { data: [{ share: { title: 'x', path: 'https://evil.example/' } }] } });
    expect(page.onShareAppMessage().path).toBe(`/pages/index/index?url=${encodeURIComponent('/')}`);
  });
});
