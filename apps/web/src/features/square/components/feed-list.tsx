import type { FeedReply } from '@medrelay/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import { type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import type { LatLng } from '../../../lib/coordinates.ts';
import { PostCard } from './post-card.tsx';

interface FeedListProps {
  data: InfiniteData<FeedReply>;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  from?: LatLng;
  /** What the end of the list says instead of "没有更多了" (e.g. "扩大范围"). */
  end?: ReactNode;
}

/** The cards, with the next page fetched as the end comes into view (and a button for when it does not). */
export function FeedList({ data, hasNextPage, isFetchingNextPage, fetchNextPage, from, end }: FeedListProps) {
  const { t } = useTranslation();
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !hasNextPage || !('IntersectionObserver' in window)) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !isFetchingNextPage) fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const posts = data.pages.flatMap((p) => p.items);
  return (
    <>
      <ul className="card-list feed">
        {posts.map((post) => (
          <li key={post.id}>
            <PostCard post={post} from={from} />
          </li>
        ))}
      </ul>
      <div ref={sentinel} className="feed-end">
        {hasNextPage ? (
          <Button onClick={fetchNextPage} busy={isFetchingNextPage}>
            {isFetchingNextPage ? t('common.loading') : t('square.loadMore')}
          </Button>
        ) : (
          (end ?? <p className="muted">{t('square.end')}</p>)
        )}
      </div>
    </>
  );
}
