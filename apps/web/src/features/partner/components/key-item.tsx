import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { useRevokeKey, useRotateKey } from '../api/keys.ts';
import type { ApiKeyView } from '../api/types.ts';
import { scopeKey } from '../labels.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { ConfirmButton } from './confirm-button.tsx';

/** One key: never the key itself, only its prefix, its scopes and how much it is used. */
export function KeyItem({
  partnerId,
  apiKey: k,
  canChange,
  onRotated,
}: {
  partnerId: string;
  apiKey: ApiKeyView;
  canChange: boolean;
  onRotated?: (key: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const rotate = useRotateKey(partnerId);
  const revoke = useRevokeKey(partnerId);
  const n = (v: number) => v.toLocaleString(i18n.language);
  const share = Math.min(100, (k.usageToday / Math.max(1, k.perDay)) * 100);
  const failure = rotate.error ?? revoke.error;

  return (
    <li className={`card key-item${k.revokedAt ? ' is-revoked' : ''}`} data-key-prefix={k.prefix}>
      <div className="card-head">
        <Badge tone={k.kind === 'secret' ? 'neutral' : 'flag'}>{t(`partner.keys.kinds.${k.kind}`)}</Badge>
        {k.revokedAt ? <Badge tone="muted">{t('partner.keys.revoked')}</Badge> : null}
      </div>
      <p className="card-title">{k.name}</p>
      <p>
        <code className="key-prefix">{k.prefix}_…</code>
      </p>
      <ul className="chips" aria-label={t('partner.keys.scopes')}>
        {k.scopes.map((s) => (
          <li key={s} className="badge badge-neutral" title={t(`partner.scope.${scopeKey(s)}`)}>
            {s}
          </li>
        ))}
      </ul>
      <dl className="key-usage">
        <div>
          <dt>{t('partner.keys.usageToday')}</dt>
          <dd>
            <span className="tabular">
              {n(k.usageToday)} / {n(k.perDay)}
            </span>
            <meter
              className="usage-meter"
              min={0}
              max={k.perDay}
              value={k.usageToday}
              aria-label={t('partner.keys.usageToday')}
            >
              {share.toFixed(0)}%
            </meter>
          </dd>
        </div>
        <div>
          <dt>{t('partner.keys.usageTotal')}</dt>
          <dd className="tabular">{n(k.usageTotal)}</dd>
        </div>
        <div>
          <dt>{t('partner.keys.lastUsed')}</dt>
          <dd>{k.lastUsedAt ? formatDateTime(k.lastUsedAt, i18n.language) : t('partner.keys.neverUsed')}</dd>
        </div>
        <div>
          <dt>{k.revokedAt ? t('partner.keys.revokedAt') : t('partner.keys.createdAt')}</dt>
          <dd>{formatDateTime(k.revokedAt ?? k.createdAt, i18n.language)}</dd>
        </div>
      </dl>
      {canChange && !k.revokedAt ? (
        <div className="actions key-actions">
          <ConfirmButton
            label={t('partner.keys.rotate')}
            question={t('partner.keys.rotateQuestion')}
            confirmLabel={t('partner.keys.rotateConfirm')}
            busy={rotate.isPending}
            onConfirm={() => rotate.mutate(k.id, { onSuccess: (created) => onRotated?.(created.key) })}
          />
          <ConfirmButton
            label={t('partner.keys.revoke')}
            question={t('partner.keys.revokeQuestion', { prefix: k.prefix })}
            confirmLabel={t('partner.keys.revokeConfirm')}
            busy={revoke.isPending}
            onConfirm={() => revoke.mutate(k.id)}
          />
        </div>
      ) : null}
      {failure ? <FieldError>{partnerErrorMessage(failure, t)}</FieldError> : null}
    </li>
  );
}
