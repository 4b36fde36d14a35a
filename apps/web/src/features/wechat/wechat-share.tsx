import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { shareInWechat } from './wechat-bridge.ts';

// Pages that have a share card (the server answers 404 for the rest, and nothing is shared).
const SHAREABLE = /^\/(square\/?|posts\/[0-9a-fA-F-]{36}\/?)$/;

/** Keeps WeChat's share data in step with the page shown; renders nothing. */
export function WechatShare() {
  const { pathname, search } = useLocation();
  useEffect(() => {
    if (!SHAREABLE.test(pathname)) return;
    shareInWechat(`${pathname}${search}`).catch(() => undefined);
  }, [pathname, search]);
  return null;
}
