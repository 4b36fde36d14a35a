import { CONFIG } from '../../config';
import { type ApiError, api, clearSession, session } from '../../utils/api';
import { safePath } from '../../utils/links';

interface ShareData {
  title: string;
  path: string;
  imageUrl?: string;
}

/**
 * The H5 app in a web-view, logged in: a one-time ticket (60 s) from the server, exchanged by the
 * web-view's first request for the session cookie. Subscribe messages open this page with
 * ?url=/posts/…; the web app posts the page it shows (wx.miniProgram.postMessage) so that sharing
 * shares that post or square.
 */
Component({
  data: {
    src: '',
    next: '/',
    share: null as ShareData | null,
  },
  methods: {
    async onLoad(query: Record<string, string | undefined>) {
      // A partner poster's mini program code opens this page with scene=r=<ref> (its deep link's ref).
      const ref = /^r=([0-9a-f]{8})$/i.exec(decodeURIComponent(query.scene ?? ''))?.[1];
      const next = ref ? `/square?ref=${ref}` : safePath(query.url);
      this.setData({ next });
      if (!session()) return this.toLogin(next);
      try {
        const { ticket } = await api<{ ticket: string }>('POST', '/api/v1/auth/ticket');
        const q = `ticket=${encodeURIComponent(ticket)}&next=${encodeURIComponent(next)}`;
        this.setData({ src: `${CONFIG.apiBase}/api/v1/auth/ticket?${q}` });
      } catch (err) {
        if ((err as ApiError).status === 401) {
          clearSession();
          return this.toLogin(next);
        }
        // Offline or the server is down: the public pages still open, logged out.
        this.setData({ src: `${CONFIG.apiBase}${next}` });
      }
    },
    toLogin(next: string) {
      wx.redirectTo({ url: `/pages/login/login?url=${encodeURIComponent(next)}` });
    },
    /** Messages from the web app: the last `share` wins (WeChat hands them over at share time). */
    onMessage(e: { detail: { data: { share?: ShareData }[] } }) {
      const last = [...(e.detail.data ?? [])].reverse().find((m) => m?.share);
      if (last?.share) this.setData({ share: { ...last.share, path: safePath(last.share.path) } });
    },
    onShareAppMessage() {
      const share = this.data.share;
      const path = share?.path ?? this.data.next;
      return {
        title: share?.title ?? '余药互助 · 闲置药品，邻里互助',
        path: `/pages/index/index?url=${encodeURIComponent(path)}`,
        ...(share?.imageUrl ? { imageUrl: share.imageUrl } : {}),
      };
    },
  },
});
