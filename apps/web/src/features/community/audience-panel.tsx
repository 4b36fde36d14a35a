import './audience-strings.ts';
import {
  type AudienceDefinition,
  CONDITIONS,
  type Condition,
  type SuppressedCount,
  TAG_RULE_KINDS,
  type TagRule,
  type TagView,
} from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useGroups } from './api.ts';
import {
  useAudienceMembers,
  useAudienceSends,
  useCreateTag,
  useDeleteTag,
  usePreviewAudience,
  useSendToAudience,
  useTagMembers,
  useTags,
} from './audience-api.ts';
import type { CommunityAccess } from './components/community-workspace.tsx';
import { useOperatorSessions } from './live-api.ts';
import { useOperatorCampaigns } from './referral-api.ts';

type Kind = (typeof TAG_RULE_KINDS)[number] | 'manual';

function useCountText() {
  const { t } = useTranslation();
  return (c: SuppressedCount | null) =>
    c === null
      ? t('audience.onPreview')
      : c.count === null
        ? t('audience.fewer', { min: c.minCount })
        : t('audience.people', { count: c.count });
}

/** 标签与受众 in the community workspace: tags, members by reference, the audience builder, sends. */
export function AudiencePanel({ partnerId, access }: { partnerId: string; access: CommunityAccess }) {
  const { t } = useTranslation();
  const tags = useTags(partnerId);
  return (
    <div className="live-ops audience-panel">
      <p className="muted">{t('audience.intro')}</p>
      <section className="card" aria-labelledby="tags-title">
        <h2 id="tags-title" className="section-title">
          {t('audience.tags')}
        </h2>
        {tags.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : tags.isError ? (
          <LoadFailed query={tags} />
        ) : tags.data.items.length === 0 ? (
          <StateView tone="empty" title={t('audience.noTags')} />
        ) : (
          <TagList partnerId={partnerId} items={tags.data.items} write={access.write} />
        )}
        {access.write ? <NewTag partnerId={partnerId} /> : null}
      </section>
      <Members partnerId={partnerId} tags={tags.data?.items ?? []} write={access.write} />
      {access.write && tags.data?.items.length ? (
        <Builder partnerId={partnerId} tags={tags.data.items} />
      ) : null}
      {access.own ? <Sends partnerId={partnerId} tags={tags.data?.items ?? []} /> : null}
    </div>
  );
}

function TagList({ partnerId, items, write }: { partnerId: string; items: TagView[]; write: boolean }) {
  const { t } = useTranslation();
  const remove = useDeleteTag(partnerId);
  const countText = useCountText();
  return (
    <ul className="audience-tags">
      {items.map((tag) => (
        <li key={tag.id} className="audience-tag">
          <span className="audience-tag-name">{tag.name}</span>{' '}
          <span className="card-meta">
            {t(`audience.types.${tag.rule?.kind ?? 'manual'}`)} · {countText(tag.members)}
          </span>
          {write ? (
            <Button size="sm" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate(tag.id)}>
              {t('audience.delete')}
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function NewTag({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const create = useCreateTag(partnerId);
  const groups = useGroups(partnerId);
  const sessions = useOperatorSessions(partnerId);
  const campaigns = useOperatorCampaigns(partnerId);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('manual');
  const [target, setTarget] = useState('');
  const targets =
    kind === 'group'
      ? (groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))
      : kind === 'live_registered' || kind === 'live_attended'
        ? (sessions.data?.items ?? []).map((s) => ({ value: s.id, label: s.title }))
        : kind === 'referral_campaign'
          ? (campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))
          : kind === 'health_condition'
            ? CONDITIONS.map((c) => ({ value: c, label: t(`audience.conditions.${c}`) }))
            : [];
  const chosen = target || targets[0]?.value || '';
  const rule = (): TagRule | undefined => {
    if (kind === 'manual') return undefined;
    if (kind === 'group') return { kind, groupId: chosen };
    if (kind === 'live_registered' || kind === 'live_attended') return { kind, sessionId: chosen };
    if (kind === 'referral_campaign') return { kind, campaignId: chosen };
    if (kind === 'health_condition') return { kind, condition: chosen as Condition };
    return { kind: 'pharmacy_member' };
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ name: name.trim(), rule: rule() }, { onSuccess: () => setName('') });
  };
  return (
    <details className="live-schedule">
      <summary className="section-title">{t('audience.newTag')}</summary>
      <form onSubmit={submit} className="live-form">
        <Field label={t('audience.tagName')}>
          {({ id }) => (
            <input id={id} value={name} maxLength={30} required onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field label={t('audience.tagType')}>
          {({ id }) => (
            <select
              id={id}
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as Kind);
                setTarget('');
              }}
            >
              {(['manual', ...TAG_RULE_KINDS] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`audience.types.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {targets.length ? (
          <Field label={kind === 'health_condition' ? t('audience.condition') : t('audience.target')}>
            {({ id }) => (
              <select id={id} value={chosen} onChange={(e) => setTarget(e.target.value)}>
                {targets.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        {create.isError ? <FieldError>{errorMessage(create.error, t)}</FieldError> : null}
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('audience.create')}
        </Button>
      </form>
    </details>
  );
}

function Members({ partnerId, tags, write }: { partnerId: string; tags: TagView[]; write: boolean }) {
  const { t } = useTranslation();
  const members = useAudienceMembers(partnerId, 1);
  const change = useTagMembers(partnerId);
  const manual = tags.filter((x) => x.kind === 'manual');
  const [tagId, setTagId] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const chosenTag = tagId || manual[0]?.id || '';
  const apply = (how: 'add' | 'remove') =>
    change.mutate({ tagId: chosenTag, [how]: picked }, { onSuccess: () => setPicked([]) });
  const nameOf = (m: { ref: string; nickname: string | null }) =>
    m.nickname ?? t('audience.memberLabel', { ref: m.ref.slice(0, 6) });
  return (
    <section className="card" aria-labelledby="members-title">
      <h2 id="members-title" className="section-title">
        {t('audience.members')}
        {members.data ? ` (${members.data.total})` : ''}
      </h2>
      {members.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : members.isError ? (
        <LoadFailed query={members} />
      ) : members.data.items.length === 0 ? (
        <StateView tone="empty" title={t('audience.noMembers')} />
      ) : (
        <>
          <ul className="audience-members">
            {members.data.items.map((m) => (
              <li key={m.ref}>
                <label className="check">
                  {write ? (
                    <input
                      type="checkbox"
                      checked={picked.includes(m.ref)}
                      onChange={(e) =>
                        setPicked(e.target.checked ? [...picked, m.ref] : picked.filter((r) => r !== m.ref))
                      }
                    />
                  ) : null}
                  <span>
                    {nameOf(m)}{' '}
                    <span className="card-meta">
                      {t('audience.memberFrom', {
                        groups: m.groups,
                        live: m.liveSessions,
                        pharmacy: m.pharmacyMember ? t('audience.pharmacyMember') : '',
                      })}
                      {m.tagIds.length
                        ? ` · ${m.tagIds.map((id) => tags.find((x) => x.id === id)?.name ?? '').join('、')}`
                        : ''}
                    </span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
          {write && manual.length ? (
            <div className="audience-actions">
              <Field label={t('audience.manualTag')}>
                {({ id }) => (
                  <select id={id} value={chosenTag} onChange={(e) => setTagId(e.target.value)}>
                    {manual.map((x) => (
                      <option key={x.id} value={x.id}>
                        {x.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Button
                size="sm"
                disabled={!picked.length}
                busy={change.isPending}
                onClick={() => apply('add')}
              >
                {t('audience.addToTag')}
              </Button>
              <Button size="sm" variant="ghost" disabled={!picked.length} onClick={() => apply('remove')}>
                {t('audience.removeFromTag')}
              </Button>
            </div>
          ) : null}
          {change.isError ? <FieldError>{errorMessage(change.error, t)}</FieldError> : null}
        </>
      )}
    </section>
  );
}

function Builder({ partnerId, tags }: { partnerId: string; tags: TagView[] }) {
  const { t } = useTranslation();
  const preview = usePreviewAudience(partnerId);
  const send = useSendToAudience(partnerId);
  const [tagIds, setTagIds] = useState<string[]>([]);
  const [match, setMatch] = useState<'all' | 'any'>('all');
  const [region, setRegion] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [marketing, setMarketing] = useState(false);
  const def = (): AudienceDefinition => ({
    match,
    tagIds,
    ...(region.trim() ? { regionPrefix: region.trim() } : {}),
  });
  const touch = () => {
    preview.reset();
    send.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ audience: def(), title: title.trim(), body: body.trim(), marketing });
  };
  const c = preview.data;
  const s = send.data;
  const n = (x: SuppressedCount) => (x.count === null ? t('audience.hidden', { min: x.minCount }) : x.count);
  return (
    <section className="card" aria-labelledby="builder-title">
      <h2 id="builder-title" className="section-title">
        {t('audience.builder')}
      </h2>
      <fieldset className="audience-pick">
        <legend>{t('audience.tags')}</legend>
        {tags.map((tag) => (
          <label key={tag.id} className="check">
            <input
              type="checkbox"
              checked={tagIds.includes(tag.id)}
              onChange={(e) => {
                touch();
                setTagIds(e.target.checked ? [...tagIds, tag.id] : tagIds.filter((id) => id !== tag.id));
              }}
            />
            <span>{tag.name}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="audience-pick">
        <legend>{t('audience.match')}</legend>
        {(['all', 'any'] as const).map((m) => (
          <label key={m} className="check">
            <input
              type="radio"
              name="audience-match"
              checked={match === m}
              onChange={() => {
                touch();
                setMatch(m);
              }}
            />
            <span>{t(m === 'all' ? 'audience.matchAll' : 'audience.matchAny')}</span>
          </label>
        ))}
      </fieldset>
      <Field label={t('audience.region')} hint={t('audience.regionHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            aria-describedby={describedBy}
            inputMode="numeric"
            maxLength={6}
            value={region}
            onChange={(e) => {
              touch();
              setRegion(e.target.value);
            }}
          />
        )}
      </Field>
      <Button disabled={!tagIds.length} busy={preview.isPending} onClick={() => preview.mutate(def())}>
        {t('audience.preview')}
      </Button>
      {!tagIds.length ? <p className="card-meta">{t('audience.pickTags')}</p> : null}
      {c ? (
        <p className="audience-count" role="status">
          {c.count === null
            ? t('audience.countFewer', { min: c.minCount })
            : t('audience.count', { count: c.count })}
        </p>
      ) : null}
      {preview.isError ? <FieldError>{errorMessage(preview.error, t)}</FieldError> : null}
      <form onSubmit={submit} className="live-form">
        <h3 className="section-title">{t('audience.send')}</h3>
        <Field label={t('audience.title')}>
          {({ id }) => (
            <input id={id} value={title} maxLength={40} required onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Field label={t('audience.body')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={3}
              value={body}
              maxLength={500}
              required
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={marketing} onChange={(e) => setMarketing(e.target.checked)} />
          <span>{t('audience.marketing')}</span>
        </label>
        {send.isError ? <FieldError>{errorMessage(send.error, t)}</FieldError> : null}
        {s ? (
          <p className="notice notice-ok" role="status">
            {t('audience.sent', {
              reached: n(s.reached),
              optOut: n(s.skipped.optOut),
              consent: n(s.skipped.consent),
              cap: n(s.skipped.cap),
            })}
          </p>
        ) : null}
        <Button type="submit" variant="primary" disabled={!tagIds.length} busy={send.isPending}>
          {t('audience.sendNow')}
        </Button>
      </form>
    </section>
  );
}

function Sends({ partnerId, tags }: { partnerId: string; tags: TagView[] }) {
  const { t, i18n } = useTranslation();
  const sends = useAudienceSends(partnerId, true);
  const n = (x: SuppressedCount) => (x.count === null ? t('audience.hidden', { min: x.minCount }) : x.count);
  const tagName = (id: string) => tags.find((x) => x.id === id)?.name ?? '—';
  return (
    <section className="card" aria-labelledby="sends-title">
      <h2 id="sends-title" className="section-title">
        {t('audience.history')}
      </h2>
      {sends.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : sends.isError ? (
        <LoadFailed query={sends} />
      ) : sends.data.items.length === 0 ? (
        <StateView tone="empty" title={t('audience.noSends')} />
      ) : (
        <ul className="card-list">
          {sends.data.items.map((s) => (
            <li key={s.id} className="audience-send">
              <p>
                <strong>{s.title}</strong>{' '}
                {s.marketing ? <Badge>{t('audience.marketingBadge')}</Badge> : null}
              </p>
              <p className="card-meta">
                {formatDateTime(s.createdAt, i18n.language)} ·{' '}
                {s.sender ? t('audience.sender', { sender: s.sender }) : ''}
              </p>
              <p className="card-meta">
                {s.audience.tagIds.map(tagName).join(s.audience.match === 'all' ? ' ∧ ' : ' ∨ ')}
                {s.audience.regionPrefix ? ` · ${s.audience.regionPrefix}` : ''}
              </p>
              <p className="card-meta">
                {t('audience.matchedReached', {
                  matched: n(s.matched),
                  reached: n(s.reached),
                  optOut: n(s.skipped.optOut),
                  consent: n(s.skipped.consent),
                  cap: n(s.skipped.cap),
                })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
