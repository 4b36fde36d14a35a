import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useArticles, useCancelSchedule, useSchedule, useScheduleArticle } from '../api.ts';
import type { CommunityAccess } from './community-workspace.tsx';

// Dates and times here are China time, as the server reads them (Asia/Shanghai, UTC+8).
const chinaDate = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaTime = (iso: string) =>
  new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

// The seed's rhythm first (8:30 and noon), then two evening times.
const SLOTS = ['08:30', '12:00', '18:00', '20:00'];

/** 内容日历: published articles into this group at 8:30 or 12:00 (or another time), China time. */
export function CalendarSection({
  partnerId,
  groupId,
  access,
}: {
  partnerId: string;
  groupId: string;
  access: CommunityAccess;
}) {
  const { t } = useTranslation();
  const schedule = useSchedule(partnerId, groupId);
  const articles = useArticles(partnerId);
  const add = useScheduleArticle(partnerId, groupId);
  const cancel = useCancelSchedule(partnerId, groupId);
  const published = articles.data?.items.filter((a) => a.status === 'published') ?? [];
  const [articleId, setArticleId] = useState('');
  const [date, setDate] = useState(() => chinaDate(new Date(Date.now() + 86_400_000)));
  const [time, setTime] = useState('08:30');
  const chosen = articleId || published[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) add.mutate({ articleId: chosen, date, time });
  };
  return (
    <div className="calendar">
      <h4 className="subsection-title">{t('community.calendar.title')}</h4>
      {access.write ? (
        published.length ? (
          <form className="community-form" onSubmit={submit} noValidate>
            <Field label={t('community.calendar.article')}>
              {({ id }) => (
                <select
                  id={id}
                  className="input"
                  value={chosen}
                  onChange={(e) => setArticleId(e.target.value)}
                >
                  {published.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="field-row">
              <Field label={t('community.calendar.date')}>
                {({ id }) => (
                  <input
                    id={id}
                    type="date"
                    className="input"
                    value={date}
                    onChange={(e) => setDate(e.target.value)}
                  />
                )}
              </Field>
              <Field label={t('community.calendar.time')} hint={t('community.calendar.timeHint')}>
                {({ id, describedBy }) => (
                  <select
                    id={id}
                    className="input"
                    aria-describedby={describedBy}
                    value={time}
                    onChange={(e) => setTime(e.target.value)}
                  >
                    {SLOTS.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            {add.isError ? (
              <p className="field-error" role="alert">
                {errorMessage(add.error, t)}
              </p>
            ) : null}
            <Button type="submit" variant="primary" busy={add.isPending}>
              {t('community.calendar.schedule')}
            </Button>
          </form>
        ) : (
          <p className="muted">{t('community.calendar.nothingPublished')}</p>
        )
      ) : null}
      {schedule.data?.items.length ? (
        <ul className="schedule-list">
          {schedule.data.items.map((s) => (
            <li key={s.id} className="list-row">
              <span className="tabular">{chinaTime(s.sendAt)}</span> <span>{s.articleTitle}</span>{' '}
              {s.sentAt ? (
                <Badge tone="ok">{t('community.calendar.sent', { count: s.recipients ?? 0 })}</Badge>
              ) : s.cancelled ? (
                <Badge tone="muted">{t('community.calendar.cancelled')}</Badge>
              ) : (
                <>
                  <Badge tone="neutral">{t('community.calendar.pending')}</Badge>
                  {access.write ? (
                    <Button size="sm" variant="ghost" onClick={() => cancel.mutate(s.id)}>
                      {t('community.calendar.cancel')}
                    </Button>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('community.calendar.none')}</p>
      )}
    </div>
  );
}
