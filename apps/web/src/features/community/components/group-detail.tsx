import type { GroupView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useAnnounce, useAnnouncements, useJoinQr, useMembers, usePin, useUpdateGroup } from '../api.ts';
import { CalendarSection } from './calendar-section.tsx';
import type { CommunityAccess } from './community-workspace.tsx';

/** One group, for its operators: join link and QR, announcements, the calendar, members, the robot. */
export function GroupDetail({
  partnerId,
  group,
  access,
}: {
  partnerId: string;
  group: GroupView;
  access: CommunityAccess;
}) {
  const { t } = useTranslation();
  return (
    <section className="card group-detail" aria-labelledby="group-detail-title">
      <h3 id="group-detail-title" className="section-title">
        {group.name}
      </h3>
      {group.rules ? (
        <p className="group-rules">
          <strong>{t('community.groups.rules')}：</strong>
          {group.rules}
        </p>
      ) : null}
      <JoinLink partnerId={partnerId} groupId={group.id} />
      <Announcements partnerId={partnerId} group={group} access={access} />
      <CalendarSection partnerId={partnerId} groupId={group.id} access={access} />
      <Members partnerId={partnerId} groupId={group.id} />
      {access.write ? <RobotSetting partnerId={partnerId} group={group} /> : null}
    </section>
  );
}

function JoinLink({ partnerId, groupId }: { partnerId: string; groupId: string }) {
  const { t } = useTranslation();
  const qr = useJoinQr(partnerId, groupId);
  const [copied, setCopied] = useState(false);
  if (!qr.data) return null;
  return (
    <div className="join-link">
      <h4 className="subsection-title">{t('community.groups.joinLink')}</h4>
      <div
        className="join-qr"
        role="img"
        aria-label={t('community.groups.qrLabel')}
        // The server draws this SVG from the link alone (qrcode); it holds no markup from users.
        dangerouslySetInnerHTML={{ __html: qr.data.svg }}
      />
      <p className="join-url tabular" data-testid="join-url">
        {qr.data.url}
      </p>
      <Button
        size="sm"
        onClick={() => {
          void navigator.clipboard?.writeText(qr.data.url).then(() => setCopied(true));
        }}
      >
        {copied ? t('community.groups.copied') : t('community.groups.copy')}
      </Button>
    </div>
  );
}

function Announcements({
  partnerId,
  group,
  access,
}: {
  partnerId: string;
  group: GroupView;
  access: CommunityAccess;
}) {
  const { t } = useTranslation();
  const list = useAnnouncements(partnerId, group.id);
  const announce = useAnnounce(partnerId, group.id);
  const pin = usePin(partnerId, group.id);
  const [body, setBody] = useState('');
  const [pinned, setPinned] = useState(true);
  const [mirror, setMirror] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    announce.mutate(
      { body: body.trim(), pinned, mirrorToWecom: mirror && group.wecomRobot },
      { onSuccess: () => setBody('') },
    );
  };
  return (
    <div className="announcements">
      <h4 className="subsection-title">{t('community.announcements.title')}</h4>
      {access.write ? (
        <form onSubmit={submit} className="community-form" noValidate>
          <Field
            label={t('community.announcements.body')}
            error={announce.isError ? errorMessage(announce.error, t) : undefined}
          >
            {({ id, describedBy }) => (
              <textarea
                id={id}
                className="input"
                rows={3}
                maxLength={2000}
                aria-describedby={describedBy}
                value={body}
                onChange={(e) => setBody(e.target.value)}
              />
            )}
          </Field>
          <label className="check">
            <input type="checkbox" checked={pinned} onChange={(e) => setPinned(e.target.checked)} />{' '}
            {t('community.announcements.pin')}
          </label>
          {group.wecomRobot ? (
            <label className="check">
              <input type="checkbox" checked={mirror} onChange={(e) => setMirror(e.target.checked)} />{' '}
              {t('community.announcements.mirror')}
            </label>
          ) : null}
          <Button type="submit" variant="primary" busy={announce.isPending} disabled={!body.trim()}>
            {t('community.announcements.post')}
          </Button>
        </form>
      ) : null}
      {list.data?.items.length ? (
        <ul className="announcement-list">
          {list.data.items.map((a) => (
            <li key={a.id} className={`announcement${a.pinned ? ' is-pinned' : ''}`}>
              {a.pinned ? <Badge tone="flag">{t('community.announcements.pinned')}</Badge> : null}
              <p className="announcement-body">{a.body}</p>
              <p className="card-meta">
                {new Date(a.createdAt).toLocaleString()}
                {a.wecomStatus ? ` · ${t(`community.announcements.wecom.${a.wecomStatus}`)}` : ''}
              </p>
              {access.write ? (
                <Button size="sm" variant="ghost" onClick={() => pin.mutate({ id: a.id, pinned: !a.pinned })}>
                  {a.pinned ? t('community.announcements.unpin') : t('community.announcements.pinAction')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('community.announcements.none')}</p>
      )}
    </div>
  );
}

function Members({ partnerId, groupId }: { partnerId: string; groupId: string }) {
  const { t } = useTranslation();
  const members = useMembers(partnerId, groupId);
  if (!members.data) return null;
  return (
    <div className="members">
      <h4 className="subsection-title">{t('community.members.title', { count: members.data.total })}</h4>
      <p className="field-hint">{t('community.members.privacy')}</p>
      {members.data.items.length ? (
        <ul className="member-list">
          {members.data.items.map((m) => (
            <li key={m.memberNo} className="list-row">
              <span className="tabular">#{m.memberNo}</span> <span>{m.name}</span>
              {m.nameShared ? null : <span className="muted"> {t('community.members.masked')}</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('community.members.none')}</p>
      )}
    </div>
  );
}

function RobotSetting({ partnerId, group }: { partnerId: string; group: GroupView }) {
  const { t } = useTranslation();
  const update = useUpdateGroup(partnerId, group.id);
  const [key, setKey] = useState('');
  return (
    <form
      className="community-form robot"
      onSubmit={(e) => {
        e.preventDefault();
        if (key.trim()) update.mutate({ wecomRobotKey: key.trim() }, { onSuccess: () => setKey('') });
      }}
    >
      <h4 className="subsection-title">{t('community.robot.title')}</h4>
      <p className="field-hint">{group.wecomRobot ? t('community.robot.set') : t('community.robot.unset')}</p>
      <Field
        label={t('community.robot.key')}
        hint={t('community.robot.hint')}
        error={update.isError ? errorMessage(update.error, t) : undefined}
      >
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            autoComplete="off"
            aria-describedby={describedBy}
            value={key}
            onChange={(e) => setKey(e.target.value)}
          />
        )}
      </Field>
      <div className="row-actions">
        <Button type="submit" size="sm" busy={update.isPending} disabled={!key.trim()}>
          {t('community.robot.save')}
        </Button>
        {group.wecomRobot ? (
          <Button size="sm" variant="ghost" onClick={() => update.mutate({ wecomRobotKey: null })}>
            {t('community.robot.remove')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
