import '../strings.ts';
import type { PostView } from '@medrelay/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useNearbyPharmacies } from '../api/pharmacies.ts';
import '../pharmacies.css';
import { PharmacyCard } from './pharmacy-card.tsx';

/** On a need's page: 附近有货的药店 for each of its items (a pharmacy's own stock, never a price). */
export function NearbyStock({ post }: { post: Pick<PostView, 'kind' | 'location' | 'items'> }) {
  const { t } = useTranslation();
  const heading = useId();
  if (post.kind !== 'need') return null;
  return (
    <section aria-labelledby={heading} className="nearby-stock">
      <h2 id={heading} className="section-title">
        {t('pharmacies.nearbyWithStock')}
      </h2>
      {post.items.map((item) => (
        <ItemPharmacies key={item.medicineId} post={post} medicineId={item.medicineId} name={item.name} />
      ))}
    </section>
  );
}

function ItemPharmacies({
  post,
  medicineId,
  name,
}: {
  post: Pick<PostView, 'location'>;
  medicineId: string;
  name: PostView['items'][number]['name'];
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const list = useNearbyPharmacies(post.location, { radiusKm: 5, medicineId });
  const items = list.data?.items.slice(0, 3) ?? [];
  return (
    <div>
      <h3 className="subsection-title">{pick(name, lang)}</h3>
      {list.isPending ? null : items.length === 0 ? (
        <p className="muted">{t('pharmacies.noneWithItem')}</p>
      ) : (
        <ul className="card-list">
          {items.map((p) => (
            <PharmacyCard key={p.id} pharmacy={p} headingLevel={3} />
          ))}
        </ul>
      )}
    </div>
  );
}
