import type { PostView } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LatLng } from '../../lib/coordinates.ts';
import { PostSheet } from './components/post-sheet.tsx';
import { PostsMap } from './components/posts-map.tsx';
import './map.css';

interface SquareMapPaneProps {
  /** The posts the list beside it has loaded, so that list and map agree. */
  posts: PostView[];
  me: LatLng | undefined;
  focus: { center: LatLng; zoom: number } | undefined;
}

/** The map beside the square's list on a wide screen (≥ 1024 px). */
export default function SquareMapPane({ posts, me, focus }: SquareMapPaneProps) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<PostView>();
  return (
    <aside className="square-map-pane map-panel" aria-label={t('map.label')}>
      <PostsMap posts={posts} focus={focus} me={me} onSelect={setSelected} label={t('map.label')}>
        {selected ? <PostSheet post={selected} from={me} onClose={() => setSelected(undefined)} /> : null}
      </PostsMap>
    </aside>
  );
}
