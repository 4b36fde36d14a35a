import type { QuizView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { formatDateTime } from '../../lib/format.ts';

/** The facts of a quiz that every screen shows: who, when, how long, and the pool's tiers. */
export function QuizFacts({ q, tiers = false }: { q: QuizView; tiers?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="card-meta">
        <Badge tone={q.phase === 'open' ? 'ok' : 'muted'}>{t(`quiz.phase.${q.phase}`)}</Badge>{' '}
        {t('quiz.by', { name: q.partnerName })}
      </p>
      <p className="card-meta">
        {t('quiz.window', {
          start: formatDateTime(q.opensAt, i18n.language),
          end: formatDateTime(q.closesAt, i18n.language),
        })}
      </p>
      <p className="card-meta">
        {t('quiz.questions', { count: q.questionCount })} ·{' '}
        {t('quiz.timeLimit', { minutes: Math.round(q.timeLimitSeconds / 60) })} ·{' '}
        {t('quiz.participants', { count: q.participants })}
      </p>
      {tiers ? (
        <section className="quiz-tiers" aria-label={t('quiz.tiers')}>
          <h2 className="section-title">{t('quiz.tiers')}</h2>
          <ol>
            {q.tiers.map((tier) => (
              <li
                key={tier.participants}
                className={q.participants >= tier.participants ? 'quiz-tier reached' : 'quiz-tier'}
              >
                {t('quiz.tier', tier)}
              </li>
            ))}
          </ol>
          <p className="muted">{t('quiz.rule')}</p>
        </section>
      ) : null}
    </>
  );
}
