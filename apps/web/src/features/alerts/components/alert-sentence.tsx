import type { Kind } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useCatalogue } from '../../catalog/index.ts';

/** The catalogue's name for an alert's medicine or category, in the reader's language. */
export function useSubjectName(s: { medicineId?: string | null; category?: string | null }): string {
  const lang = useLang();
  const catalogue = useCatalogue();
  if (s.medicineId) {
    const m = catalogue.byId.get(s.medicineId);
    return m ? pick(m.name, lang) : s.medicineId;
  }
  if (s.category) {
    const c = catalogue.categories.find((x) => x.id === s.category);
    return c ? pick(c.name, lang) : s.category;
  }
  return '';
}

/** "有人在 3 公里内提供布洛芬片时告诉我" */
export function AlertSentence({
  kind,
  medicineId,
  category,
  radiusKm,
}: {
  kind: Kind;
  medicineId?: string | null;
  category?: string | null;
  radiusKm: number;
}) {
  const { t } = useTranslation();
  const what = useSubjectName({ medicineId, category });
  return <>{t(kind === 'offer' ? 'alerts.sentenceOffer' : 'alerts.sentenceNeed', { km: radiusKm, what })}</>;
}
