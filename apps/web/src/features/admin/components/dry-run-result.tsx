import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { formatDate } from '../../../lib/format.ts';
import type { DryRunReply } from '../api/types.ts';
import { outcomeLabel } from '../labels.ts';

const OUTCOMES = ['allowed', 'review', 'blocked'] as const;
// The server lists at most this many examples of each kind of change.
const EXAMPLES_PER_CHANGE = 5;

const tone = (outcome: string) => (outcome === 'allowed' ? 'ok' : outcome === 'blocked' ? 'need' : 'flag');

/**
 * Current rules against the edited ones on every post of the last 7 days: the totals per outcome
 * (publish / hold / block), each kind of change with its count, and examples of each.
 */
export function DryRunResult({ result }: { result: DryRunReply }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const changed = result.changedCount;
  return (
    <section className="card dry-run" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        {t('admin.dryRun.title')}
      </h3>
      <p className="card-meta">
        {t('admin.dryRun.evaluated', {
          count: result.evaluated,
          from: formatDate(result.window.from, i18n.language),
          to: formatDate(result.window.to, i18n.language),
        })}
      </p>
      <p className="card-meta dry-run-model">
        {result.modelVersion
          ? t('admin.dryRun.model', { model: result.modelVersion })
          : t('admin.dryRun.noModel')}
      </p>
      <table className="dry-run-table">
        <caption className="visually-hidden">{t('admin.dryRun.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.dryRun.outcome')}</th>
            <th scope="col">{t('admin.dryRun.current')}</th>
            <th scope="col">{t('admin.dryRun.candidate')}</th>
          </tr>
        </thead>
        <tbody>
          {OUTCOMES.map((o) => (
            <tr key={o}>
              <th scope="row">{outcomeLabel(t, o)}</th>
              <td>{result.current[o]}</td>
              <td className={result.candidate[o] !== result.current[o] ? 'is-changed' : undefined}>
                {result.candidate[o]}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dry-run-summary">
        {changed === 0 ? t('admin.dryRun.noChange') : t('admin.dryRun.changed', { count: changed })}
      </p>
      {result.transitions.length ? (
        <ul className="dry-run-transitions" aria-label={t('admin.dryRun.transitions')}>
          {result.transitions.map((x) => (
            <li key={`${x.from}-${x.to}`}>
              {t('admin.dryRun.transition', {
                from: outcomeLabel(t, x.from),
                to: outcomeLabel(t, x.to),
                count: x.count,
              })}
            </li>
          ))}
        </ul>
      ) : null}
      {result.transitions.some((x) => x.count > EXAMPLES_PER_CHANGE) ? (
        <p className="card-meta">{t('admin.dryRun.examplesCap', { count: EXAMPLES_PER_CHANGE })}</p>
      ) : null}
      {result.changed.length ? (
        <ul className="dry-run-examples">
          {result.changed.map((c) => (
            <li key={c.postId}>
              <p className="dry-run-outcomes">
                <Badge tone={tone(c.from)}>{outcomeLabel(t, c.from)}</Badge>
                <span aria-hidden="true">→</span>
                <span className="visually-hidden">{t('admin.dryRun.becomes')}</span>
                <Badge tone={tone(c.to)}>{outcomeLabel(t, c.to)}</Badge>
                <Link to={`/posts/${c.postId}`} className="dry-run-open">
                  {t('admin.dryRun.open')}
                </Link>
              </p>
              <blockquote className="queue-note">{c.note}</blockquote>
              {c.normalized ? (
                <p className="dry-run-normalized">
                  <span className="card-meta">{t('admin.dryRun.normalized')}</span>{' '}
                  <code lang="zh-CN">{c.normalized}</code>
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
