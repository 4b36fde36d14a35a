import type { PostView } from '@medrelay/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import type { LatLng } from '../../../lib/coordinates.ts';
import { PostCard } from '../../square/index.ts';

/**
 * A tapped marker's card, as a sheet over the bottom of the map where the eye already is. It takes
 * the focus when it opens; Escape or 关闭 closes it.
 */
export function PostSheet({ post, from, onClose }: { post: PostView; from?: LatLng; onClose: () => void }) {
  const { t } = useTranslation();
  const sheet = useRef<HTMLElement>(null);
  useEffect(() => {
    void post.id;
    sheet.current?.focus({ preventScroll: true });
  }, [post.id]);
  return (
    <section
      ref={sheet}
      className="map-sheet"
      aria-label={t('map.sheetLabel')}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <PostCard post={post} from={from} headingLevel={2} />
      <Button variant="ghost" size="sm" onClick={onClose} className="map-sheet-close">
        {t('actions.close')}
      </Button>
    </section>
  );
}
