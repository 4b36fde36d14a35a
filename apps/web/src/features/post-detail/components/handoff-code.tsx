import type { PostView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { pick, useLang } from '../../../lib/i18n.ts';
import { unitFor } from '../../../lib/posts.ts';
import { useHandoffCodes } from '../../messages/index.ts';

/** The receiver's side: the 4-digit code to say to the giver at the hand-off. */
export function HandoffCode({ post, signedIn }: { post: PostView; signedIn: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const codes = useHandoffCodes(signedIn);
  const mine = (codes.data?.items ?? []).filter((h) => h.postId === post.id && h.code);
  if (!mine.length) return null;
  return (
    <section className="card handoff-codes" aria-labelledby="handoff-code-title">
      <h2 id="handoff-code-title" className="section-title">
        {t('handoff.codeTitle')}
      </h2>
      {mine.map((h) => {
        const item = post.items.find((i) => i.medicineId === h.medicineId);
        return (
          <div key={h.id} className="handoff-code">
            <p className="handoff-code-digits" data-testid="handoff-code">
              {h.code}
            </p>
            <p>
              {t('handoff.codeFor', {
                name: item ? pick(item.name, lang) : h.medicineId,
                amount: `${h.quantity} ${item ? unitFor(item.unit, h.quantity, lang) : ''}`.trim(),
              })}
            </p>
          </div>
        );
      })}
      <p className="fine-print">{t('handoff.codeHint')}</p>
    </section>
  );
}
