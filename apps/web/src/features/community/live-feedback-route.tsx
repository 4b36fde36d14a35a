import './live-strings.ts';
import { FEEDBACK_CATEGORIES } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMe } from '../me/index.ts';
import { useMyFeedback, useSendFeedback } from './live-api.ts';
import './live.css';

type Category = (typeof FEEDBACK_CATEGORIES)[number];

/** /feedback — 反馈建议: write to the platform's operators and read their replies. */
export function FeedbackRoute() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const mine = useMyFeedback(Boolean(me.data));
  const send = useSendFeedback();
  const [category, setCategory] = useState<Category>('suggestion');
  const [body, setBody] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ category, body: body.trim() }, { onSuccess: () => setBody('') });
  };
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  return (
    <div className="page live">
      <h1 className="page-title">{t('feedback.title')}</h1>
      <p className="muted">{t('feedback.intro')}</p>
      {!me.data ? (
        <ButtonLink to="/me" variant="primary">
          {t('feedback.loginFirst')}
        </ButtonLink>
      ) : (
        <form className="card live-ask" onSubmit={submit}>
          <fieldset className="survey-q">
            <legend className="survey-legend">{t('feedback.category')}</legend>
            <div className="live-tags">
              {FEEDBACK_CATEGORIES.map((c) => (
                <label key={c} className="survey-choice">
                  <input
                    type="radio"
                    name="category"
                    checked={category === c}
                    onChange={() => setCategory(c)}
                  />{' '}
                  {t(`feedback.categories.${c}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <Field
            label={t('feedback.body')}
            hint={t('feedback.bodyHint')}
            error={send.isError ? errorMessage(send.error, t) : undefined}
          >
            {({ id, describedBy, invalid }) => (
              <textarea
                id={id}
                aria-describedby={describedBy}
                aria-invalid={invalid || undefined}
                rows={5}
                maxLength={1000}
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          <Button type="submit" variant="primary" busy={send.isPending} disabled={body.trim().length < 5}>
            {t('feedback.submit')}
          </Button>
          {send.isSuccess ? (
            <p className="notice notice-ok" role="status">
              {t('feedback.sent')}
            </p>
          ) : null}
        </form>
      )}
      {me.data ? (
        <section aria-labelledby="feedback-mine">
          <h2 id="feedback-mine" className="section-title">
            {t('feedback.mine')}
          </h2>
          {mine.isPending ? (
            <Spinner label={t('common.loading')} />
          ) : mine.isError ? (
            <LoadFailed query={mine} />
          ) : mine.data.items.length === 0 ? (
            <StateView tone="empty" title={t('feedback.none')} />
          ) : (
            <ul className="card-list">
              {mine.data.items.map((f) => (
                <li key={f.id} className="card">
                  <p className="live-tags">
                    <Badge tone={f.status === 'answered' ? 'ok' : 'muted'}>
                      {t(`feedback.status.${f.status}`)}
                    </Badge>
                    <span className="card-meta">
                      {t(`feedback.categories.${f.category}`)} · {formatDateTime(f.createdAt, i18n.language)}
                    </span>
                  </p>
                  <p className="live-question-body">{f.body}</p>
                  {f.reply ? <p className="live-answer">{t('feedback.reply', { text: f.reply })}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
    </div>
  );
}
