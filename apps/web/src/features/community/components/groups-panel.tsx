import type { GroupView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useCreateGroup, useGroups } from '../api.ts';
import type { CommunityAccess } from './community-workspace.tsx';
import { GroupDetail } from './group-detail.tsx';

/** 社群: the institution's groups, a form for a new one, and the chosen group's page. */
export function GroupsPanel({ partnerId, access }: { partnerId: string; access: CommunityAccess }) {
  const { t } = useTranslation();
  const groups = useGroups(partnerId);
  const [openId, setOpenId] = useState<string>();
  const open = groups.data?.items.find((g) => g.id === openId);

  if (groups.isPending) return <SkeletonCards count={2} label={t('common.loading')} />;
  if (groups.isError) return <LoadFailed query={groups} />;
  return (
    <div className="community-panel">
      {groups.data.items.length ? (
        <ul className="card-list" aria-label={t('community.groups.list')}>
          {groups.data.items.map((g) => (
            <li key={g.id} className={`card group-card${g.id === openId ? ' is-open' : ''}`}>
              <div>
                <h3 className="card-title">{g.name}</h3>
                <p className="card-meta">
                  <Badge tone="muted">{t(`community.kind.${g.kind}`)}</Badge>{' '}
                  {t('community.groups.memberCount', { count: g.memberCount })}
                </p>
              </div>
              <Button
                size="sm"
                aria-expanded={g.id === openId}
                onClick={() => setOpenId(g.id === openId ? undefined : g.id)}
              >
                {g.id === openId ? t('community.groups.close') : t('community.groups.manage')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('community.groups.none')}</p>
      )}
      {open ? <GroupDetail partnerId={partnerId} group={open} access={access} /> : null}
      {access.write ? <NewGroupForm partnerId={partnerId} onCreated={(g) => setOpenId(g.id)} /> : null}
    </div>
  );
}

function NewGroupForm({ partnerId, onCreated }: { partnerId: string; onCreated: (g: GroupView) => void }) {
  const { t } = useTranslation();
  const create = useCreateGroup(partnerId);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'neighbourhood' | 'topic'>('topic');
  const [description, setDescription] = useState('');
  const [rules, setRules] = useState('');
  const [error, setError] = useState<string>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('community.groups.nameRequired'));
    setError(undefined);
    create.mutate(
      { name: name.trim(), kind, description, rules },
      {
        onSuccess: (g) => {
          setName('');
          setDescription('');
          setRules('');
          onCreated(g);
        },
      },
    );
  };
  return (
    <form className="card community-form" onSubmit={submit} noValidate aria-labelledby="new-group-title">
      <h3 id="new-group-title" className="section-title">
        {t('community.groups.new')}
      </h3>
      <Field label={t('community.groups.name')} hint={t('community.groups.nameHint')} error={error}>
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            className="input"
            maxLength={40}
            value={name}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('community.groups.kind')}>
        {({ id }) => (
          <select
            id={id}
            className="input"
            value={kind}
            onChange={(e) => setKind(e.target.value as 'neighbourhood' | 'topic')}
          >
            <option value="topic">{t('community.kind.topic')}</option>
            <option value="neighbourhood">{t('community.kind.neighbourhood')}</option>
          </select>
        )}
      </Field>
      <Field label={t('community.groups.description')}>
        {({ id }) => (
          <textarea
            id={id}
            className="input"
            rows={2}
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('community.groups.rules')} hint={t('community.groups.rulesHint')}>
        {({ id, describedBy }) => (
          <textarea
            id={id}
            className="input"
            rows={3}
            maxLength={1000}
            aria-describedby={describedBy}
            value={rules}
            onChange={(e) => setRules(e.target.value)}
          />
        )}
      </Field>
      {create.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(create.error, t)}
        </p>
      ) : null}
      <Button type="submit" variant="primary" busy={create.isPending}>
        {t('community.groups.create')}
      </Button>
    </form>
  );
}
