import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime } from '../../../lib/format.ts';
import { useAudit } from '../api/get-audit.ts';
import type { AuditEntry } from '../api/types.ts';
import { actionLabel, reasonLabel, shortId } from '../labels.ts';

const tone = (action: string) =>
  action === 'approve' ? 'ok' : action === 'remove' || action === 'ban' ? 'need' : 'neutral';

function Target({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  if (entry.targetType === 'post')
    return (
      <Link to={`/posts/${entry.targetId}`}>{t('admin.audit.post', { id: shortId(entry.targetId) })}</Link>
    );
  if (entry.targetType === 'user') return <>{t('admin.audit.user', { id: shortId(entry.targetId) })}</>;
  if (entry.targetType === 'rule_set') return <>{t('admin.audit.ruleSet', { version: entry.targetId })}</>;
  return <>{`${entry.targetType} ${shortId(entry.targetId)}`}</>;
}

/** The facts an action recorded beyond who, what and when: the note, the state it left, the role given. */
function details(entry: AuditEntry, t: ReturnType<typeof useTranslation>['t']): string[] {
  const d = entry.details;
  const out: string[] = [];
  if (typeof d.from === 'string') out.push(t('admin.audit.from', { status: t(`status.${d.from}`) }));
  if (typeof d.role === 'string') out.push(t('admin.audit.role', { role: t(`admin.roleNames.${d.role}`) }));
  if (typeof d.removedPosts === 'number') out.push(t('admin.audit.removedPosts', { count: d.removedPosts }));
  if (d.identityBanned === true) out.push(t('admin.audit.identityBanned'));
  if (typeof d.reports === 'number') out.push(t('admin.audit.reports', { count: d.reports }));
  return out;
}

/** Every moderator and admin action, newest first: who, what, on what, when, why. */
export function AuditPanel({ myId }: { myId: string }) {
  const { t, i18n } = useTranslation();
  const audit = useAudit();
  const headingId = useId();
  const actor = (id: string | null, phoneMasked: string | null) =>
    id === null
      ? t('admin.audit.system')
      : id === myId
        ? t('admin.audit.me')
        : t('admin.audit.moderator', { id: phoneMasked ?? shortId(id) });

  return (
    <section aria-labelledby={headingId} className="admin-panel">
      <div className="section-head">
        <h2 id={headingId} className="section-title">
          {t('admin.audit.title')}
        </h2>
        <Button variant="ghost" size="sm" busy={audit.isFetching} onClick={() => audit.refetch()}>
          {t('admin.refresh')}
        </Button>
      </div>
      {audit.isPending ? (
        <SkeletonCards label={t('common.loading')} count={3} />
      ) : audit.isError ? (
        <LoadFailed query={audit} />
      ) : audit.data.items.length === 0 ? (
        <StateView tone="empty" title={t('admin.audit.empty')} />
      ) : (
        <ol className="card-list audit">
          {audit.data.items.map((entry) => {
            const note = typeof entry.details.note === 'string' ? entry.details.note : null;
            const extra = details(entry, t);
            return (
              <li key={entry.id} className="card audit-entry" data-action={entry.action}>
                <div className="card-head">
                  <Badge tone={tone(entry.action)}>{actionLabel(t, entry.action)}</Badge>
                  <Target entry={entry} />
                  <time className="card-time" dateTime={entry.createdAt}>
                    {formatDateTime(entry.createdAt, i18n.language)}
                  </time>
                </div>
                <dl className="audit-facts">
                  <div>
                    <dt>{t('admin.audit.who')}</dt>
                    <dd>{actor(entry.actorId, entry.actorPhoneMasked)}</dd>
                  </div>
                  {entry.reason ? (
                    <div>
                      <dt>{t('admin.audit.reason')}</dt>
                      <dd>
                        {entry.action === 'publish_rules' ? entry.reason : reasonLabel(t, entry.reason)}
                      </dd>
                    </div>
                  ) : null}
                  {note ? (
                    <div>
                      <dt>{t('admin.audit.note')}</dt>
                      <dd>{note}</dd>
                    </div>
                  ) : null}
                  {extra.length ? (
                    <div>
                      <dt>{t('admin.audit.details')}</dt>
                      <dd>{extra.join(' · ')}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
