import type { LivePhase, LiveSessionView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { formatDateTime } from '../../lib/format.ts';

const TONE: Record<LivePhase, 'ok' | 'muted' | 'flag'> = {
  upcoming: 'ok',
  live: 'flag',
  ended: 'muted',
  cancelled: 'muted',
};

export function PhaseBadge({ phase }: { phase: LivePhase }) {
  const { t } = useTranslation();
  return <Badge tone={TONE[phase]}>{t(`live.phase.${phase}`)}</Badge>;
}

/** Who speaks, when, and who hosts: the lines every session card and page starts with. */
export function SessionFacts({ s }: { s: LiveSessionView }) {
  const { t, i18n } = useTranslation();
  const end = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(
    new Date(s.endsAt),
  );
  return (
    <>
      <p className="live-doctor">{t('live.doctor', s.doctor)}</p>
      <p className="card-meta">
        <PhaseBadge phase={s.phase} />{' '}
        <time dateTime={s.startsAt}>
          {t('live.when', { start: formatDateTime(s.startsAt, i18n.language), end })}
        </time>
      </p>
      <p className="card-meta">
        {t('live.by', { name: s.partnerName })} · {t('live.registered', { count: s.registeredCount })}
      </p>
    </>
  );
}
