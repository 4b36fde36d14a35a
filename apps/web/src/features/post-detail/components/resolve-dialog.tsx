import type { Kind } from '@medrelay/contracts';
import { NEED_OUTCOMES } from '@medrelay/contracts/outcomes';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Dialog } from '../../../components/ui/dialog.tsx';
import type { PostThread } from '../api/post-threads.ts';
import type { Outcome } from '../api/resolve-post.ts';

/** An offer's choices: one per relay thread (given here, in the app), then outside the app, then withdrawn. */
function offerChoices(threads: PostThread[]): { value: string; outcome: Outcome; thread?: number }[] {
  return [
    ...threads.map((th) => ({ value: `thread:${th.id}`, outcome: 'given_here' as const, thread: th.n })),
    { value: 'given_outside', outcome: 'given_outside' },
    { value: 'no_longer_available', outcome: 'no_longer_available' },
  ];
}

/** 已解决 asks how it ended: a need, how it was met; an offer, to whom it went. */
export function ResolveDialog({
  open,
  kind,
  threads,
  busy,
  onConfirm,
  onClose,
}: {
  open: boolean;
  kind: Kind;
  threads: PostThread[];
  busy: boolean;
  onConfirm: (outcome: Outcome) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const choices =
    kind === 'need'
      ? NEED_OUTCOMES.map((o) => ({ value: o as string, outcome: o as Outcome }))
      : offerChoices(threads);
  const [value, setValue] = useState<string>();
  const chosen = choices.find((c) => c.value === value);
  return (
    <Dialog open={open} title={t('resolve.title')} onClose={onClose}>
      <p className="muted">{t(kind === 'need' ? 'resolve.introNeed' : 'resolve.introOffer')}</p>
      <fieldset className="field">
        <legend className="field-label">{t(kind === 'need' ? 'resolve.howMet' : 'resolve.toWhom')}</legend>
        <div className="checks checks-column">
          {choices.map((c) => (
            <label key={c.value} className="check">
              <input
                type="radio"
                name="outcome"
                value={c.value}
                checked={value === c.value}
                onChange={() => setValue(c.value)}
              />
              <span>
                {'thread' in c && c.thread
                  ? t('resolve.toThread', { n: c.thread })
                  : t(`resolve.outcomes.${c.outcome}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="fine-print">{t('resolve.undoHint')}</p>
      <div className="actions">
        <Button
          variant="primary"
          busy={busy}
          disabled={!chosen}
          onClick={() => chosen && onConfirm(chosen.outcome)}
        >
          {t('resolve.confirm')}
        </Button>
        <Button variant="ghost" onClick={onClose}>
          {t('actions.cancel')}
        </Button>
      </div>
    </Dialog>
  );
}
