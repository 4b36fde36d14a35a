import type { MedicineView, PostView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { IconAlert } from '../../../components/ui/icons.tsx';
import { useLang } from '../../../lib/i18n.ts';
import { fittingRedFlags } from '../red-flags.ts';

/**
 * Red-flag symptoms from the catalogue for the items asked for: when these appear, the answer is 120
 * or a doctor, not a neighbour's spare pills.
 */
export function RedFlagNotice({ post, catalogue }: { post: PostView; catalogue: Map<string, MedicineView> }) {
  const { t } = useTranslation();
  const lang = useLang();
  const flags = fittingRedFlags(post, catalogue, lang);
  return (
    <section className="red-flags" aria-labelledby="red-flags-title">
      <h2 id="red-flags-title" className="red-flags-title">
        <IconAlert />
        {t('detail.redFlagsTitle')}
      </h2>
      {flags.length ? (
        <ul>
          {flags.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      ) : null}
      <p className="red-flags-call">
        <a href="tel:120" className="btn btn-danger btn-md">
          {t('detail.call120')}
        </a>
      </p>
    </section>
  );
}
