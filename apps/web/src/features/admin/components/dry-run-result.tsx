import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import type { DryRunReply } from '../api/types.ts';
import { outcomeLabel } from '../labels.ts';

const OUTCOMES = ['allowed', 'review', 'blocked'] as const;
// The server lists at most this many changed posts.
const EXAMPLES_CAP = 50;

const tone = (outcome: string) => (outcome === 'allowed' ? 'ok' : outcome === 'blocked' ? 'need' : 'flag');

/** Current rules against the edited ones on recent posts: the totals, then the posts that would change. */
export function DryRunResult({ result }: { result: DryRunReply }) {
  const { t } = useTranslation();
  const headingId = useId();
  const changed = result.changed.length;
  return (
    <section className="card dry-run" aria-labelledby={headingId}>
      <h3 id={headingId} className="section-title">
        {t('admin.dryRun.title')}
      </h3>
      <p className="card-meta">{t('admin.dryRun.evaluated', { count: result.evaluated })}</p>
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
        {changed === 0
          ? t('admin.dryRun.noChange')
          : changed >= EXAMPLES_CAP
            ? t('admin.dryRun.changedMany', { count: changed })
            : t('admin.dryRun.changed', { count: changed })}
      </p>
      {changed ? (
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
