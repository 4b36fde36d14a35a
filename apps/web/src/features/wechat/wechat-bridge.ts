import type { ShareCardView } from '@medrelay/contracts';
import { API_BASE } from '../../lib/api-client.ts';

/** The parts of WeChat's JS-SDK (jweixin) this app uses. */
export interface WechatJsSdk {
  config(c: {
    debug: boolean;
    appId: string;
    timestamp: number;
    nonceStr: string;
    signature: string;
    jsApiList: string[];
  }): void;
  ready(fn: () => void): void;
  updateAppMessageShareData(d: { title: string; desc: string; link: string; imgUrl: string }): void;
  updateTimelineShareData(d: { title: string; link: string; imgUrl: string }): void;
  miniProgram: { postMessage(m: { data: unknown }): void };
}

declare global {
  interface Window {
    wx?: WechatJsSdk;
    /** Set by WeChat in a mini program's web-view once jweixin has loaded. */
    __wxjs_environment?: string;
  }
}

const SDK_URL = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';

/** Inside WeChat's browser (an official-account page, a chat link, or a mini program's web-view). */
export const inWechat = () => /MicroMessenger/i.test(navigator.userAgent);
/** Inside the mini program's web-view. */
export const inMiniProgram = () =>
  window.__wxjs_environment === 'miniprogram' || /miniProgram/i.test(navigator.userAgent);

let sdk: Promise<WechatJsSdk> | undefined;
/** jweixin, loaded only inside WeChat (nobody else downloads it). */
function loadSdk(): Promise<WechatJsSdk> {
  if (window.wx) return Promise.resolve(window.wx);
  sdk ??= new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = SDK_URL;
    s.async = true;
    s.onload = () => (window.wx ? resolve(window.wx) : reject(new Error('jweixin did not load')));
    s.onerror = () => reject(new Error('jweixin did not load'));
    document.head.appendChild(s);
  });
  return sdk;
}

async function getJson<T>(path: string): Promise<T | undefined> {
  const res = await fetch(`${API_BASE}${path}`, { credentials: 'same-origin' });
  return res.ok ? ((await res.json()) as T) : undefined;
}

/**
 * Tells WeChat what to share for the page at `path` (with its query): in the mini program, the shell
 * gets {title, path, imageUrl} by wx.miniProgram.postMessage for its onShareAppMessage; in WeChat's
 * browser, wx.updateAppMessageShareData and updateTimelineShareData after wx.config. The card comes
 * from the server (the same as the page's og meta) and carries no personal data. Outside WeChat,
 * nothing happens.
 */
export async function shareInWechat(path: string): Promise<void> {
  if (!inWechat()) return;
  const card = await getJson<ShareCardView>(`/share?path=${encodeURIComponent(path)}`);
  if (!card) return;
  const wx = await loadSdk();
  if (inMiniProgram()) {
    wx.miniProgram.postMessage({ data: { share: { title: card.title, path, imageUrl: card.imageUrl } } });
    return;
  }
  const url = window.location.href.split('#')[0] as string;
  const cfg = await getJson<{ appId: string; timestamp: number; nonceStr: string; signature: string }>(
    `/wechat/jssdk-config?url=${encodeURIComponent(url)}`,
  );
  if (!cfg) return;
  wx.config({ debug: false, ...cfg, jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'] });
  wx.ready(() => {
    wx.updateAppMessageShareData({
      title: card.title,
      desc: card.desc,
      link: card.link,
      imgUrl: card.imageUrl,
    });
    wx.updateTimelineShareData({ title: card.title, link: card.link, imgUrl: card.imageUrl });
  });
}
