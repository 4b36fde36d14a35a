// <medrelay-square region="440305" kind="need" theme="1f7a5c" compact key="mr_pk_…"></medrelay-square>
// Defines the web component that partners paste into their pages. It frames the embed page from the
// MedRelay origin (public data only) and grows the frame to its content.
(() => {
  const script = document.currentScript;
  const base = new URL(script ? script.src : '/', location.href).origin;
  const ATTRS = {
    region: 'region',
    kind: 'kind',
    medicine: 'medicineId',
    theme: 'theme',
    compact: 'compact',
    key: 'key',
    limit: 'limit',
  };

  class MedrelaySquare extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      const params = new URLSearchParams();
      for (const [attr, param] of Object.entries(ATTRS)) {
        const value = this.getAttribute(attr);
        if (value !== null) params.set(param, value === '' ? '1' : value);
      }
      const frame = document.createElement('iframe');
      frame.src = `${base}/embed/square?${params}`;
      frame.title = this.getAttribute('title') || '余药互助 · 信息广场';
      frame.loading = 'lazy';
      frame.style.cssText = 'display:block;width:100%;min-height:160px;border:0;';
      this.attachShadow({ mode: 'open' }).appendChild(frame);
      this.onMessage = (event) => {
        const data = event.data;
        if (
          event.origin !== base ||
          event.source !== frame.contentWindow ||
          !data ||
          data.type !== 'medrelay:height'
        )
          return;
        frame.style.height = `${Math.min(5000, Math.max(160, Number(data.height) || 0))}px`;
      };
      window.addEventListener('message', this.onMessage);
    }

    disconnectedCallback() {
      if (this.onMessage) window.removeEventListener('message', this.onMessage);
    }
  }

  if (!customElements.get('medrelay-square')) customElements.define('medrelay-square', MedrelaySquare);
})();
