import type { HandoffView, PostView } from '@medrelay/contracts';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { Stepper } from '../../../components/ui/stepper.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { unitFor } from '../../../lib/posts.ts';
import { useConfirmHandoff, useGiveHandoff, useOfferHandoffs } from '../api/handoffs.ts';
import type { PostThread } from '../api/post-threads.ts';

const OUTSIDE = 'outside';

/**
 * The giver's side of a hand-off: give part of the offer to one of the post's relay threads (the
 * receiver then sees a 4-digit code and says it at the door) or outside the app (counted at once).
 * What is left shows on the post and in the square; at zero the offer resolves itself.
 */
export function HandoffPanel({ post, threads }: { post: PostView; threads: PostThread[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const handoffs = useOfferHandoffs(post.id);
  const give = useGiveHandoff();
  const left = post.items.filter((i) => i.quantity > 0);
  const [medicineId, setMedicineId] = useState(left[0]?.medicineId ?? '');
  const [quantity, setQuantity] = useState(1);
  const [to, setTo] = useState(OUTSIDE);
  const itemId = useId();
  const toId = useId();
  const item = left.find((i) => i.medicineId === medicineId) ?? left[0];
  const name = (id: string) => {
    const i = post.items.find((x) => x.medicineId === id);
    return i ? pick(i.name, lang) : id;
  };
  const amount = (id: string, n: number) => {
    const i = post.items.find((x) => x.medicineId === id);
    return `${n} ${i ? unitFor(i.unit, n, lang) : ''}`.trim();
  };
  const threadName = (id: string | null | undefined) => {
    const th = threads.find((x) => x.id === id);
    return th ? t('handoff.thread', { n: th.n }) : id ? t('handoff.aThread') : t('handoff.outside');
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!item) return;
    give.mutate(
      {
        postId: post.id,
        medicineId: item.medicineId,
        quantity: Math.min(quantity, item.quantity),
        ...(to === OUTSIDE ? {} : { threadId: to }),
      },
      { onSuccess: () => setQuantity(1) },
    );
  };

  const pending = (handoffs.data?.items ?? []).filter((h) => h.status === 'pending');
  const done = (handoffs.data?.items ?? []).filter((h) => h.status !== 'pending');

  return (
    <section className="card handoff" aria-labelledby="handoff-title">
      <h2 id="handoff-title" className="section-title">
        {t('handoff.title')}
      </h2>
      <ul className="handoff-left" aria-label={t('handoff.leftLabel')}>
        {post.items.map((i) => (
          <li key={i.medicineId}>
            {i.quantity > 0
              ? t('handoff.left', { name: pick(i.name, lang), amount: amount(i.medicineId, i.quantity) })
              : t('handoff.noneLeft', { name: pick(i.name, lang) })}
          </li>
        ))}
      </ul>
      {item ? (
        <form className="handoff-form" onSubmit={submit}>
          {left.length > 1 ? (
            <div className="field">
              <label className="field-label" htmlFor={itemId}>
                {t('handoff.item')}
              </label>
              <select
                id={itemId}
                className="input"
                value={item.medicineId}
                onChange={(e) => setMedicineId(e.target.value)}
              >
                {left.map((i) => (
                  <option key={i.medicineId} value={i.medicineId}>
                    {pick(i.name, lang)}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <div className="field">
            <span className="field-label" aria-hidden="true">
              {t('handoff.quantity', { name: pick(item.name, lang) })}
            </span>
            <Stepper
              label={t('handoff.quantity', { name: pick(item.name, lang) })}
              value={Math.min(quantity, item.quantity)}
              max={item.quantity}
              unit={unitFor(item.unit, quantity, lang)}
              onChange={setQuantity}
              decreaseLabel={t('form.decrease', { name: pick(item.name, lang) })}
              increaseLabel={t('form.increase', { name: pick(item.name, lang) })}
            />
          </div>
          <div className="field">
            <label className="field-label" htmlFor={toId}>
              {t('handoff.to')}
            </label>
            <select id={toId} className="input" value={to} onChange={(e) => setTo(e.target.value)}>
              {threads.map((th) => (
                <option key={th.id} value={th.id}>
                  {t('handoff.thread', { n: th.n })}
                </option>
              ))}
              <option value={OUTSIDE}>{t('handoff.outside')}</option>
            </select>
            <p className="field-hint">{t(to === OUTSIDE ? 'handoff.outsideHint' : 'handoff.threadHint')}</p>
          </div>
          <Button type="submit" variant="primary" busy={give.isPending}>
            {t('handoff.give')}
          </Button>
          {give.isError ? <FieldError>{errorMessage(give.error, t)}</FieldError> : null}
        </form>
      ) : null}
      {pending.length ? (
        <ul className="handoff-list">
          {pending.map((h) => (
            <PendingHandoff
              key={h.id}
              handoff={h}
              label={t('handoff.pending', {
                name: name(h.medicineId),
                amount: amount(h.medicineId, h.quantity),
                to: threadName(h.threadId),
              })}
            />
          ))}
        </ul>
      ) : null}
      {done.length ? (
        <ul className="handoff-list handoff-done">
          {done.map((h) => (
            <li key={h.id}>
              {t(h.status === 'locked' ? 'handoff.locked' : 'handoff.given', {
                name: name(h.medicineId),
                amount: amount(h.medicineId, h.quantity),
                to: threadName(h.threadId),
              })}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

/** A hand-off in a thread waiting for the code the receiver says. */
function PendingHandoff({ handoff, label }: { handoff: HandoffView; label: string }) {
  const { t } = useTranslation();
  const confirm = useConfirmHandoff();
  const [code, setCode] = useState('');
  const codeId = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ id: handoff.id, code, postId: handoff.postId }, { onError: () => setCode('') });
  };
  return (
    <li>
      <form className="handoff-confirm" onSubmit={submit}>
        <p>{label}</p>
        <label className="field-label" htmlFor={codeId}>
          {t('handoff.codeLabel')}
        </label>
        <div className="handoff-code-row">
          <input
            id={codeId}
            className="input handoff-code-input"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="\d{4}"
            maxLength={4}
            required
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
          />
          <Button type="submit" variant="primary" busy={confirm.isPending} disabled={code.length !== 4}>
            {t('handoff.confirm')}
          </Button>
        </div>
        {confirm.isError ? (
          <FieldError>
            {confirm.error instanceof ApiError && confirm.error.code === 'code_invalid'
              ? t('handoff.wrongCode', { count: Number(confirm.error.details.attemptsLeft ?? 0) })
              : errorMessage(confirm.error, t)}
          </FieldError>
        ) : null}
      </form>
    </li>
  );
}
