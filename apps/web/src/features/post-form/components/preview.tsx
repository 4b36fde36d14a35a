import type { MedicineView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { formatDate } from '../../../lib/format.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { unitFor } from '../../../lib/posts.ts';
import { useRegionLabel } from '../../regions/index.ts';
import type { Draft } from '../form-state.ts';

/** The post as others will see it, before it goes up. */
export function Preview({ draft, catalogue }: { draft: Draft; catalogue: Map<string, MedicineView> }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const regionLabel = useRegionLabel(draft.place?.mode === 'region' ? draft.place.regionCode : undefined);
  return (
    <article className={`card post-card kind-${draft.kind} preview`} aria-labelledby="preview-title">
      <div className="card-head">
        <Badge tone={draft.kind}>{t(`kind.${draft.kind}`)}</Badge>
      </div>
      <h2 id="preview-title" className="card-title">
        {draft.items.map((item) => {
          const med = catalogue.get(item.medicineId);
          return (
            <span key={item.medicineId} className="card-item">
              {med ? pick(med.name, lang) : item.medicineId} × {item.quantity}{' '}
              {med ? unitFor(med.unit, item.quantity, lang) : ''}
              {draft.kind === 'offer' && item.expiresOn ? (
                <span className="card-item-extra">
                  {t('post.expiresOn', { date: formatDate(item.expiresOn, i18n.language) })}
                  {item.unopened ? ` · ${t('post.unopened')}` : ''}
                </span>
              ) : null}
            </span>
          );
        })}
      </h2>
      <dl className="facts">
        <div>
          <dt>{t('form.locationTitle')}</dt>
          <dd>
            {draft.place?.mode === 'region'
              ? (regionLabel ?? draft.place.regionCode)
              : draft.place?.mode === 'gps'
                ? t('form.previewGps')
                : t('form.previewMap')}
          </dd>
        </div>
        {draft.kind === 'need' ? (
          <div>
            <dt>{t('detail.forWhom')}</dt>
            <dd>{t(`forWhom.${draft.forWhom}`)}</dd>
          </div>
        ) : null}
        {draft.flags.length ? (
          <div>
            <dt>{t('post.flagsLabel')}</dt>
            <dd>{draft.flags.map((f) => t(`flags.${f}`)).join('、')}</dd>
          </div>
        ) : null}
        {draft.note.trim() ? (
          <div className="fact-note">
            <dt>{t('detail.note')}</dt>
            <dd>{draft.note.trim()}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('form.contactMode')}</dt>
          <dd>
            {draft.contactMode === 'relay'
              ? t('form.contactModeRelay')
              : draft.contactPhone.trim() || t('form.accountPhone')}
          </dd>
        </div>
      </dl>
      <p className="fine-print">{t('form.previewPublic')}</p>
    </article>
  );
}
