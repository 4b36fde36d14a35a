import './referral-strings.ts';
import './referrals.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useGroups } from './api.ts';
import {
  type FirstAction,
  type OperatorCampaign,
  useCampaignReferrals,
  useCloseCampaign,
  useCreateCampaign,
  useDecideReferral,
  useOperatorCampaigns,
} from './referral-api.ts';

/** A datetime-local value (the phone's local time) `days` from now, on the hour. */
const localInput = (days: number) => {
  const d = new Date(Date.now() + days * 86_400_000);
  d.setMinutes(0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:00`;
};

/** 邀请活动 in the community tab of /partner/:id: campaigns, their counts and the held invites. */
export function ReferralsPanel({ partnerId, write }: { partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const list = useOperatorCampaigns(partnerId);
  return (
    <div className="community-panel referrals">
      <p className="muted">{t('referrals.ops.intro')}</p>
      {list.isPending ? (
        <SkeletonCards count={1} label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <p className="muted">{t('referrals.ops.none')}</p>
      ) : (
        <ul className="card-list" aria-label={t('referrals.ops.list')}>
          {list.data.items.map((c) => (
            <CampaignCard key={c.id} partnerId={partnerId} c={c} write={write} />
          ))}
        </ul>
      )}
      {write ? <NewCampaignForm partnerId={partnerId} /> : null}
    </div>
  );
}

function CampaignCard({ partnerId, c, write }: { partnerId: string; c: OperatorCampaign; write: boolean }) {
  const { t, i18n } = useTranslation();
  const close = useCloseCampaign(partnerId);
  const [open, setOpen] = useState(false);
  return (
    <li className="card">
      <h3 className="card-title">{c.name}</h3>
      <p className="card-meta">
        <Badge tone={c.phase === 'open' ? 'ok' : 'muted'}>{t(`referrals.phase.${c.phase}`)}</Badge>{' '}
        {t('referrals.window', {
          start: formatDateTime(c.startsAt, i18n.language),
          end: formatDateTime(c.endsAt, i18n.language),
        })}
      </p>
      <p className="card-meta">
        {t(`referrals.firstActionShort.${c.firstAction}`)}
        {c.groupName ? ` · ${c.groupName}` : ''} ·{' '}
        {c.rewardPoints ? t('referrals.reward', { points: c.rewardPoints }) : t('referrals.noReward')}
      </p>
      <p data-testid="campaign-counts">{t('referrals.ops.counts', c.counts)}</p>
      <div className="row-actions">
        <Button size="sm" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('referrals.ops.hideReview') : t('referrals.ops.review')}
        </Button>
        {write && c.phase !== 'closed' ? (
          <Button size="sm" variant="ghost" busy={close.isPending} onClick={() => close.mutate(c.id)}>
            {t('referrals.ops.close')}
          </Button>
        ) : null}
      </div>
      {open ? <ReviewList partnerId={partnerId} campaignId={c.id} write={write} /> : null}
    </li>
  );
}

function ReviewList({
  partnerId,
  campaignId,
  write,
}: {
  partnerId: string;
  campaignId: string;
  write: boolean;
}) {
  const { t } = useTranslation();
  const list = useCampaignReferrals(partnerId, campaignId);
  const decide = useDecideReferral(partnerId, campaignId);
  if (list.isPending) return <SkeletonCards count={1} label={t('common.loading')} />;
  if (list.isError) return <LoadFailed query={list} />;
  if (!list.data.items.length) return <p className="muted">{t('referrals.ops.reviewEmpty')}</p>;
  return (
    <>
      <ul className="referral-review" aria-label={t('referrals.ops.review')}>
        {list.data.items.map((r) => (
          <li key={r.id}>
            <span>
              {t('referrals.ops.inviter')} {r.inviter} → {t('referrals.ops.invitee')} {r.invitee}
            </span>
            <Badge tone={r.status === 'counted' ? 'ok' : r.status === 'held' ? 'flag' : 'muted'}>
              {t(`referrals.ops.status.${r.status}`)}
            </Badge>
            {r.reason ? <span className="card-meta">{t(`referrals.ops.reason.${r.reason}`)}</span> : null}
            {write && r.status === 'held' ? (
              <span className="row-actions">
                {r.reason !== 'already_referred' ? (
                  <Button size="sm" onClick={() => decide.mutate({ id: r.id, action: 'approve' })}>
                    {t('referrals.ops.approve')}
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="ghost"
                  onClick={() => decide.mutate({ id: r.id, action: 'reject' })}
                >
                  {t('referrals.ops.reject')}
                </Button>
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      {decide.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(decide.error, t)}
        </p>
      ) : null}
    </>
  );
}

function NewCampaignForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const create = useCreateCampaign(partnerId);
  const groups = useGroups(partnerId);
  const [name, setName] = useState('');
  const [startsAt, setStartsAt] = useState(() => localInput(0));
  const [endsAt, setEndsAt] = useState(() => localInput(14));
  const [firstAction, setFirstAction] = useState<FirstAction>('join_group');
  const [groupId, setGroupId] = useState('');
  const [points, setPoints] = useState('');
  const groupChoice = groupId || groups.data?.items[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      {
        name: name.trim(),
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(endsAt).toISOString(),
        firstAction,
        groupId: firstAction === 'join_group' ? groupChoice || null : null,
        rewardPoints: points ? Number(points) : null,
      },
      { onSuccess: () => setName('') },
    );
  };
  return (
    <form className="card community-form" onSubmit={submit} noValidate>
      <h3 className="card-title">{t('referrals.ops.new')}</h3>
      <Field label={t('referrals.ops.name')} hint={t('referrals.ops.nameHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            maxLength={60}
            aria-describedby={describedBy}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <div className="field-row">
        <Field label={t('referrals.ops.starts')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              type="datetime-local"
              value={startsAt}
              onChange={(e) => setStartsAt(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('referrals.ops.ends')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              type="datetime-local"
              value={endsAt}
              onChange={(e) => setEndsAt(e.target.value)}
            />
          )}
        </Field>
      </div>
      <Field label={t('referrals.ops.firstAction')}>
        {({ id }) => (
          <select
            id={id}
            className="input"
            value={firstAction}
            onChange={(e) => setFirstAction(e.target.value as FirstAction)}
          >
            <option value="join_group">{t('referrals.firstActionShort.join_group')}</option>
            <option value="first_post">{t('referrals.firstActionShort.first_post')}</option>
          </select>
        )}
      </Field>
      {firstAction === 'join_group' ? (
        <Field
          label={t('referrals.ops.group')}
          hint={groups.data && !groups.data.items.length ? t('referrals.ops.noGroup') : undefined}
        >
          {({ id, describedBy }) => (
            <select
              id={id}
              className="input"
              aria-describedby={describedBy}
              value={groupChoice}
              onChange={(e) => setGroupId(e.target.value)}
            >
              {(groups.data?.items ?? []).map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : null}
      <Field label={t('referrals.ops.rewardPoints')}>
        {({ id }) => (
          <input
            id={id}
            className="input"
            type="number"
            inputMode="numeric"
            min={1}
            max={10000}
            value={points}
            onChange={(e) => setPoints(e.target.value)}
          />
        )}
      </Field>
      {create.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(create.error, t)}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={create.isPending}>
        {t('referrals.ops.create')}
      </Button>
    </form>
  );
}
