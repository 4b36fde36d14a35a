import './live-strings.ts';
import './live.css';
import type { OperatorSessionView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import {
  useModerate,
  useOperatorSessions,
  useQueue,
  useScheduleSession,
  useUpdateSession,
} from './live-api.ts';
import { SessionFacts } from './live-bits.tsx';

/** A datetime-local value (the phone's local time) for a moment `minutes` from now, on a 5-minute step. */
const localInput = (minutes: number) => {
  const d = new Date(Date.now() + minutes * 60_000);
  d.setMinutes(Math.ceil(d.getMinutes() / 5) * 5, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** 直播答疑 in the community section of /partner/:id: schedule, the live queue, figures, replay. */
export function LiveSessionsPanel({ partnerId, write }: { partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const list = useOperatorSessions(partnerId);
  return (
    <div className="live-ops">
      {write ? <ScheduleForm partnerId={partnerId} /> : null}
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('liveOps.none')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((s) => (
            <OperatorSession key={s.id} s={s} partnerId={partnerId} write={write} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ScheduleForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const schedule = useScheduleSession(partnerId);
  const [f, setF] = useState({
    title: '',
    description: '',
    name: '',
    title2: '',
    hospital: '',
    start: localInput(60),
    minutes: '30',
    streamUrl: '',
    embedUrl: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const start = new Date(f.start);
    schedule.mutate(
      {
        title: f.title,
        description: f.description,
        doctor: { name: f.name, title: f.title2, hospital: f.hospital },
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + Number(f.minutes) * 60_000).toISOString(),
        streamUrl: f.streamUrl,
        embedUrl: f.embedUrl.trim() || null,
      },
      { onSuccess: () => setF({ ...f, title: '', description: '' }) },
    );
  };
  const text = (k: keyof typeof f, label: string, type = 'text', hint?: string) => (
    <Field label={label} hint={hint}>
      {({ id, describedBy }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          type={type}
          value={f[k]}
          onChange={set(k)}
          required={k !== 'embedUrl'}
        />
      )}
    </Field>
  );
  return (
    <details className="card live-schedule">
      <summary className="section-title">{t('liveOps.schedule')}</summary>
      <form onSubmit={submit} className="live-form">
        {text('title', t('liveOps.sessionTitle'))}
        <Field label={t('liveOps.description')}>
          {({ id }) => <textarea id={id} rows={2} value={f.description} onChange={set('description')} />}
        </Field>
        {text('name', t('liveOps.doctorName'))}
        {text('title2', t('liveOps.doctorTitle'))}
        {text('hospital', t('liveOps.doctorHospital'))}
        {text('start', t('liveOps.startsAt'), 'datetime-local')}
        {text('minutes', t('liveOps.minutes'), 'number')}
        {text('streamUrl', t('liveOps.streamUrl'), 'url')}
        {text('embedUrl', t('liveOps.embedUrl'), 'url', t('liveOps.embedHint'))}
        {schedule.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(schedule.error, t)}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={schedule.isPending}>
          {t('liveOps.submit')}
        </Button>
        {schedule.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('liveOps.scheduled')}
          </p>
        ) : null}
      </form>
    </details>
  );
}

function OperatorSession({
  s,
  partnerId,
  write,
}: {
  s: OperatorSessionView;
  partnerId: string;
  write: boolean;
}) {
  const { t } = useTranslation();
  const [queueOpen, setQueueOpen] = useState(false);
  const update = useUpdateSession(partnerId);
  const [replay, setReplay] = useState(s.replayUrl ?? '');
  const f = s.figures;
  return (
    <li className="card live-card">
      <h3 className="card-title">
        <Link to={`/live/${s.id}`}>{s.title}</Link>
      </h3>
      <SessionFacts s={s} />
      <p className="live-figures">{t('liveOps.figures', f)}</p>
      <p className="card-meta">
        {f.ratings.average === null ? t('liveOps.noRating') : t('liveOps.rating', f.ratings)}
      </p>
      <div className="live-actions">
        <Button size="sm" aria-expanded={queueOpen} onClick={() => setQueueOpen(!queueOpen)}>
          {queueOpen ? t('liveOps.closeQueue') : t('liveOps.queue')}
        </Button>
        {write && s.phase === 'upcoming' ? (
          <Button
            size="sm"
            variant="ghost"
            busy={update.isPending}
            onClick={() => update.mutate({ sessionId: s.id, cancelled: true })}
          >
            {t('liveOps.cancel')}
          </Button>
        ) : null}
      </div>
      {write && s.phase === 'ended' ? (
        <form
          className="live-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            update.mutate({ sessionId: s.id, replayUrl: replay.trim() || null });
          }}
        >
          <Field label={t('liveOps.replayUrl')}>
            {({ id }) => (
              <input id={id} type="url" value={replay} onChange={(e) => setReplay(e.target.value)} />
            )}
          </Field>
          <Button type="submit" size="sm" busy={update.isPending}>
            {t('liveOps.saveReplay')}
          </Button>
        </form>
      ) : null}
      {update.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(update.error, t)}
        </p>
      ) : null}
      {queueOpen ? <Queue partnerId={partnerId} sessionId={s.id} write={write} /> : null}
    </li>
  );
}

function Queue({ partnerId, sessionId, write }: { partnerId: string; sessionId: string; write: boolean }) {
  const { t } = useTranslation();
  const queue = useQueue(partnerId, sessionId);
  const moderate = useModerate(partnerId, sessionId);
  const [answers, setAnswers] = useState<Record<string, string>>({});
  if (queue.isPending) return <Spinner label={t('common.loading')} />;
  if (queue.isError) return <LoadFailed query={queue} />;
  if (queue.data.items.length === 0) return <p className="muted">{t('liveOps.queueEmpty')}</p>;
  return (
    <section aria-label={t('liveOps.queue')}>
      <ul className="card-list live-queue">
        {queue.data.items.map((q) => (
          <li key={q.id} className={`live-queue-item is-${q.status}`}>
            <p className="live-question-body">{q.body}</p>
            <p className="live-tags">
              <Badge tone={q.status === 'answered' ? 'ok' : q.status === 'pending' ? 'flag' : 'muted'}>
                {t(`live.status.${q.status}`)}
              </Badge>
              <span className="card-meta">{t('live.votes', { count: q.votes })}</span>
            </p>
            {q.answer ? <p className="live-answer">{t('live.answer', { text: q.answer })}</p> : null}
            {write ? (
              <>
                {q.status !== 'answered' ? (
                  <Field label={t('liveOps.answerText')}>
                    {({ id }) => (
                      <input
                        id={id}
                        value={answers[q.id] ?? ''}
                        onChange={(e) => setAnswers({ ...answers, [q.id]: e.target.value })}
                      />
                    )}
                  </Field>
                ) : null}
                <div className="live-actions">
                  {q.status === 'pending' || q.status === 'hidden' ? (
                    <Button
                      size="sm"
                      onClick={() => moderate.mutate({ questionId: q.id, action: 'approve' })}
                    >
                      {t('liveOps.approve')}
                    </Button>
                  ) : null}
                  {q.status !== 'answered' ? (
                    <Button
                      size="sm"
                      variant="primary"
                      onClick={() =>
                        moderate.mutate({
                          questionId: q.id,
                          action: 'answer',
                          answer: answers[q.id]?.trim() || undefined,
                        })
                      }
                    >
                      {t('liveOps.answerAction')}
                    </Button>
                  ) : null}
                  {q.status !== 'hidden' ? (
                    <Button
                      size="sm"
                      variant="ghost"
                      onClick={() => moderate.mutate({ questionId: q.id, action: 'hide' })}
                    >
                      {t('liveOps.hide')}
                    </Button>
                  ) : null}
                </div>
              </>
            ) : null}
          </li>
        ))}
      </ul>
      {moderate.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(moderate.error, t)}
        </p>
      ) : null}
    </section>
  );
}
