import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  Link,
  NavLink,
  Outlet,
  ScrollRestoration,
  useLocation,
  useNavigation,
  useRouteError,
} from 'react-router';
import { ButtonLink } from '../components/ui/button.tsx';
import { IconChart, IconList, IconMap, IconPlus, IconUser } from '../components/ui/icons.tsx';
import { Spinner, StateView } from '../components/ui/state-view.tsx';
import { NotificationBell } from '../features/notifications/index.ts';
import { OfflineBar, OutboxPanel, UpdatePrompt } from '../features/offline/index.ts';
import { WechatShare } from '../features/wechat/index.ts';
import { setLanguage } from '../lib/i18n.ts';
import { useOnline } from '../lib/online.ts';
import { setElderMode, useElderMode } from '../lib/preferences.ts';

const TITLES: Record<string, string> = {
  '/square': 'nav.square',
  '/map': 'nav.map',
  '/post/new': 'nav.post',
  '/me': 'nav.me',
  '/stats': 'nav.stats',
  '/admin': 'admin.title',
  '/partner': 'partner.title',
  '/notifications': 'notifications.title',
  '/notifications/settings': 'notifications.prefs.title',
  '/terms': 'login.terms',
  '/privacy': 'login.privacyNotice',
};

function Header() {
  const { t, i18n } = useTranslation();
  const elder = useElderMode();
  const english = i18n.language === 'en';
  return (
    <header className="app-header">
      <Link to="/square" className="brand">
        <svg viewBox="0 0 64 64" width="30" height="30" aria-hidden="true">
          <rect width="64" height="64" rx="14" fill="#fff" />
          <path d="M27 14h10v13h13v10H37v13H27V37H14V27h13z" fill="#0d5468" />
        </svg>
        <span className="brand-text">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </span>
      </Link>
      <div className="header-actions">
        <NotificationBell />
        <button
          type="button"
          className="pill"
          aria-pressed={elder}
          onClick={() => setElderMode(!elder)}
          title={t('prefs.elderHint')}
        >
          {t('prefs.elder')}
        </button>
        <button
          type="button"
          className="pill"
          lang={english ? 'zh-CN' : 'en'}
          onClick={() => setLanguage(english ? 'zh-CN' : 'en')}
        >
          {english ? '中文' : 'English'}
        </button>
      </div>
    </header>
  );
}

function TabBar() {
  const { t } = useTranslation();
  const { search, pathname } = useLocation();
  // The list and the map keep the square's filters when switching between them.
  const squareSearch = pathname === '/square' || pathname === '/map' ? search : '';
  const items = [
    { to: `/square${squareSearch}`, match: '/square', label: t('nav.square'), icon: <IconList /> },
    { to: `/map${squareSearch}`, match: '/map', label: t('nav.map'), icon: <IconMap /> },
    { to: '/post/new', match: '/post/new', label: t('nav.post'), icon: <IconPlus />, primary: true },
    { to: '/stats', match: '/stats', label: t('nav.stats'), icon: <IconChart /> },
    { to: '/me', match: '/me', label: t('nav.me'), icon: <IconUser /> },
  ];
  return (
    <nav className="tabbar" aria-label={t('nav.label')}>
      {items.map((item) => (
        <NavLink
          key={item.match}
          to={item.to}
          className={() =>
            `tab${pathname === item.match ? ' is-active' : ''}${item.primary ? ' tab-primary' : ''}`
          }
          aria-current={pathname === item.match ? 'page' : undefined}
        >
          <span className="tab-icon">{item.icon}</span>
          <span className="tab-label">{item.label}</span>
        </NavLink>
      ))}
    </nav>
  );
}

export function Layout() {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const navigation = useNavigation();
  const { pathname } = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  useEffect(() => {
    const key =
      TITLES[pathname] ??
      (pathname.startsWith('/posts/')
        ? 'nav.detail'
        : pathname.startsWith('/partner/')
          ? 'partner.title'
          : undefined);
    document.title = key ? `${t(key)} · ${t('app.name')}` : t('app.name');
  }, [pathname, t, i18n.language]);

  useEffect(() => {
    // After a client-side navigation, put keyboard and screen-reader focus at the new screen's start.
    if (first.current) {
      first.current = false;
      return;
    }
    void pathname;
    main.current?.focus({ preventScroll: true });
  }, [pathname]);

  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <Header />
      {navigation.state === 'loading' ? (
        <div className="progress" role="progressbar" aria-label={t('common.loading')} />
      ) : null}
      <OfflineBar online={online} />
      <UpdatePrompt />
      <OutboxPanel online={online} />
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <TabBar />
      <WechatShare />
      <ScrollRestoration />
    </div>
  );
}

export function RouteFallback() {
  const { t } = useTranslation();
  return <Spinner label={t('common.loading')} />;
}

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <StateView
        tone="empty"
        title={t('notFound.title')}
        action={<ButtonLink to="/square">{t('notFound.back')}</ButtonLink>}
      >
        {t('notFound.body')}
      </StateView>
    </div>
  );
}

export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  // A chunk that fails to load (offline, or a deploy replaced it) is the usual cause here.
  const chunk =
    error instanceof Error && /dynamically imported module|Importing a module script/i.test(error.message);
  return (
    <div className="app">
      <main id="main" className="page">
        <StateView
          tone="error"
          title={chunk ? t('offline.chunkTitle') : t('common.crashed')}
          action={
            <button type="button" className="btn btn-primary btn-md" onClick={() => window.location.reload()}>
              {t('actions.reload')}
            </button>
          }
        >
          {chunk ? t('offline.chunkBody') : t('common.crashedBody')}
        </StateView>
      </main>
    </div>
  );
}
