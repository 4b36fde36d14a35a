import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { MODERATION_REASONS } from '../../me/index.ts';
import type { Screening } from '../api/screen-draft.ts';

/** The reasons as a resident reads them (价格、站外联系方式), never the rule that matched. */
export function reasonsText(t: TFunction, reasons: readonly string[]): string {
  const known = reasons.filter((r) => (MODERATION_REASONS as readonly string[]).includes(r));
  const codes = known.length ? known : ['fallback'];
  return codes.map((r) => t(`me.moderation.reasons.${r}`)).join(t('form.screening.and'));
}

/**
 * The warning under the note while the resident types: held for review, or refused as written.
 * Nothing when the note would publish at once. A polite live region, so a screen reader hears it.
 */
export function ScreeningNotice({ screening }: { screening: Screening | undefined }) {
  const { t } = useTranslation();
  const outcome = screening?.outcome;
  return (
    <div className="live screening-live" role="status" aria-live="polite">
      {screening && outcome !== 'allowed' ? (
        <p
          className={`notice ${outcome === 'blocked' ? 'notice-error' : 'notice-warn'} screening-notice`}
          data-outcome={outcome}
        >
          {t(outcome === 'blocked' ? 'form.screening.blocked' : 'form.screening.review', {
            reason: reasonsText(t, screening.reasons),
          })}
        </p>
      ) : null}
    </div>
  );
}
