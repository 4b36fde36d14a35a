import type { FeedReply, PostView } from '@medrelay/contracts';
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Query } from '../../lib/api-client.ts';
import { feedKey, getPosts } from './api/get-posts.ts';
import { openLive } from './api/live.ts';
import { liveConnection } from './live-connection.ts';
import {
  dropFromFeed,
  effectOf,
  feedIds,
  insertTop,
  type LiveEffect,
  nextPending,
  updateInFeed,
} from './live-events.ts';
import type { SquareFilters } from './square-filters.ts';

type Feed = InfiniteData<FeedReply>;

/**
 * The square kept live: changes to posts on screen are applied in place at once; new posts wait in
 * `pending` for the banner (the list) or go straight in (the map, `mode: 'insert'`). Connected only
 * while the page is visible and the list has loaded; a reconnection the browser makes by itself
 * resumes with Last-Event-ID, and one after a hard failure or a hidden tab catches up with a look at
 * the newest page, so a gap never loses a post and the banner never counts one twice.
 */
export function useLiveSquare(opts: {
  query: Query;
  filters: Pick<SquareFilters, 'category' | 'flags'>;
  enabled: boolean;
  mode: 'banner' | 'insert';
}) {
  const { query, filters, enabled, mode } = opts;
  const qc = useQueryClient();
  const key = feedKey(query);
  const queryId = JSON.stringify(query);
  const [pending, setPending] = useState<PostView[]>([]);
  const [connected, setConnected] = useState(false);
  const waiting = useRef<PostView[]>([]);
  waiting.current = pending;
  const state = useRef({ filters, mode, key });
  state.current = { filters, mode, key };

  const apply = useCallback(
    (effect: LiveEffect) => {
      const { mode: m, key: k } = state.current;
      if (effect.kind === 'none') return;
      if (effect.kind === 'announce' && m === 'banner') {
        setPending((p) => nextPending(p, effect));
        return;
      }
      qc.setQueryData<Feed>(k, (feed) => {
        if (!feed) return feed;
        if (effect.kind === 'announce') return insertTop(feed, [effect.post]);
        if (effect.kind === 'drop') return dropFromFeed(feed, effect.id);
        // On the map a closed post's marker goes; the list shows it closed where it stands.
        if (m === 'insert' && effect.post.status !== 'open') return dropFromFeed(feed, effect.post.id);
        return updateInFeed(feed, effect.post);
      });
      setPending((p) => nextPending(p, effect));
    },
    [qc],
  );

  // A new list (other filters) starts with nothing waiting.
  useEffect(() => {
    void queryId;
    setPending([]);
  }, [queryId]);

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const q = JSON.parse(queryId) as Query;
    let stopped = false;

    const known = () => feedIds(qc.getQueryData<Feed>(state.current.key));
    const catchUp = async () => {
      const feed = qc.getQueryData<Feed>(state.current.key);
      if (!feed) return;
      const loaded = feed.pages.flatMap((p) => p.items);
      const newest = loaded.reduce((max, p) => (p.createdAt > max ? p.createdAt : max), '');
      try {
        const page = await getPosts({ ...q, sort: 'time', limit: 20 });
        if (stopped) return;
        const ids = known();
        for (const post of page.items.filter((p) => p.createdAt > newest).reverse())
          apply(effectOf({ topic: 'post.created', post }, ids, state.current.filters));
      } catch {
        // The stream itself carries on; a failed look-back only means no catch-up this time.
      }
    };
    const connection = liveConnection({
      open: ({ onOpen, onClosed }) =>
        openLive(q, {
          onEvent: (event) => apply(effectOf(event, known(), state.current.filters)),
          onOpen,
          onClosed,
        }),
      catchUp: () => void catchUp(),
      setConnected,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
    });
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') connection.hide();
      else connection.show();
    };
    if (document.visibilityState !== 'hidden') connection.start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      connection.stop();
    };
  }, [enabled, queryId, qc, apply]);

  /** The banner's tap: the waiting posts go to the top of the list. */
  const showPending = useCallback(() => {
    const posts = waiting.current;
    if (posts.length) qc.setQueryData<Feed>(state.current.key, (feed) => feed && insertTop(feed, posts));
    setPending([]);
  }, [qc]);

  return { pending, showPending, connected };
}
