// The embedded square: public posts only; every action opens the full app in a new tab.
(() => {
  const root = document.getElementById('square');
  const query = new URLSearchParams(location.search);
  const theme = query.get('theme');
  if (theme && /^[0-9a-fA-F]{6}$/.test(theme))
    document.documentElement.style.setProperty('--accent', `#${theme}`);
  if (query.get('compact')) document.body.classList.add('compact');

  const api = new URLSearchParams({ limit: query.get('limit') || '10' });
  for (const name of ['kind', 'region', 'medicineId']) if (query.get(name)) api.set(name, query.get(name));
  const KIND = { need: '求助', offer: '可提供' };

  const el = (tag, cls, text) => {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const reportHeight = () =>
    parent.postMessage({ type: 'medrelay:height', height: document.documentElement.scrollHeight }, '*');

  const since = (iso) => {
    const minutes = Math.max(1, Math.round((Date.now() - new Date(iso).getTime()) / 60000));
    return minutes < 60
      ? `${minutes}分钟前`
      : minutes < 1440
        ? `${Math.round(minutes / 60)}小时前`
        : `${Math.round(minutes / 1440)}天前`;
  };

  function render(posts) {
    root.replaceChildren();
    if (posts.length === 0) root.append(el('p', 'empty', '附近暂时没有信息 · Nothing here yet'));
    for (const post of posts) {
      const card = el('a', `card ${post.kind}`);
      card.href = `/posts/${post.id}`;
      card.target = '_blank';
      card.rel = 'noopener';
      const head = el('div', 'head');
      head.append(
        el('span', 'kind', KIND[post.kind] || post.kind),
        el('span', 'where', `${post.region.city} ${post.region.district}`),
      );
      const items = el(
        'div',
        'items',
        post.items.map((i) => `${i.name.zh} ×${i.quantity}${i.unit.zh}`).join('、'),
      );
      const foot = el('div', 'foot', `${since(post.createdAt)}${post.isDemo ? ' · 演示' : ''}`);
      card.append(head, items, foot);
      root.append(card);
    }
    const more = el('a', 'more', '在余药互助查看全部 →');
    more.href = `/square?${api}`;
    more.target = '_blank';
    more.rel = 'noopener';
    root.append(more);
    reportHeight();
  }

  fetch(`/api/v1/posts?${api}`, { headers: { accept: 'application/json' } })
    .then((res) => (res.ok ? res.json() : Promise.reject(new Error(String(res.status)))))
    .then((page) => render(page.items))
    .catch(() => {
      root.replaceChildren(el('p', 'empty', '暂时无法加载 · Could not load'));
      reportHeight();
    });
  window.addEventListener('resize', reportHeight);
})();
