import '../strings.ts';
import '../community.css';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Segmented } from '../../../components/ui/segmented.tsx';
import { AudiencePanel } from '../audience-panel.tsx';
import { SurveysPanel } from '../live-surveys-panel.tsx';
import { LiveSessionsPanel } from '../live-workspace.tsx';
import { QuizzesPanel } from '../quiz-workspace.tsx';
import { ReferralsPanel } from '../referral-workspace.tsx';
import { ArticlesPanel } from './articles-panel.tsx';
import { GroupsPanel } from './groups-panel.tsx';

export interface CommunityAccess {
  /** Write: create groups, post, write and schedule articles (developers and owners). */
  write: boolean;
  /** Name the doctors and pharmacists who review (owners). */
  own: boolean;
}

/**
 * The sections of the community workspace, in order. Each is one panel; live sessions and surveys
 * add their entries here (label key in their own namespace, their own panel component).
 */
export const COMMUNITY_SECTIONS: {
  value: string;
  label: string;
  render: (partnerId: string, access: CommunityAccess) => ReactNode;
}[] = [
  {
    value: 'groups',
    label: 'community.sections.groups',
    render: (id, access) => <GroupsPanel partnerId={id} access={access} />,
  },
  {
    value: 'content',
    label: 'community.sections.content',
    render: (id, access) => <ArticlesPanel partnerId={id} access={access} />,
  },
  {
    value: 'live',
    label: 'liveOps.sessions',
    render: (id, access) => <LiveSessionsPanel partnerId={id} write={access.write} />,
  },
  {
    value: 'surveys',
    label: 'liveOps.surveys',
    render: (id, access) => <SurveysPanel partnerId={id} write={access.write} />,
  },
  {
    value: 'referrals',
    label: 'referrals.section',
    render: (id, access) => <ReferralsPanel partnerId={id} write={access.write} />,
  },
  {
    value: 'quizzes',
    label: 'quizOps.section',
    render: (id, access) => <QuizzesPanel partnerId={id} write={access.write} />,
  },
  {
    value: 'audiences',
    label: 'audience.section',
    render: (id, access) => <AudiencePanel partnerId={id} access={access} />,
  },
];

/** 社群运营: the community tab of /partner/:id. */
export function CommunityWorkspace({ partnerId, access }: { partnerId: string; access: CommunityAccess }) {
  const { t } = useTranslation();
  const [section, setSection] = useState(COMMUNITY_SECTIONS[0]?.value ?? 'groups');
  const current = COMMUNITY_SECTIONS.find((s) => s.value === section) ?? COMMUNITY_SECTIONS[0];
  return (
    <div className="community-workspace">
      <p className="muted">{t('community.workspace.intro')}</p>
      <Segmented
        as="tabs"
        className="community-sections"
        label={t('community.workspace.sections')}
        controls="community-panel"
        value={section}
        onChange={setSection}
        options={COMMUNITY_SECTIONS.map((s) => ({ value: s.value, label: t(s.label) }))}
      />
      <div id="community-panel" role="tabpanel" aria-label={current ? t(current.label) : ''}>
        {current?.render(partnerId, access)}
      </div>
    </div>
  );
}
