import type { StatsSummary } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { BarChart } from './bar-chart.tsx';

const MET = '#1f5f8b';

/**
 * How posts ended: resolution rate, the median times, how needs were met and the relay chains. A figure
 * the server suppressed (too few posts to show without singling someone out) says so instead.
 */
export function OutcomesSection({ outcomes }: { outcomes: NonNullable<StatsSummary['outcomes']> }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => n.toLocaleString(i18n.language, { maximumFractionDigits: 1 });
  const hours = (h: number | null | undefined) =>
    h == null ? null : t('stats.outcomes.hours', { n: number(h) });
  const figures = [
    {
      key: 'resolutionRate',
      value:
        outcomes.resolutionRate == null
          ? null
          : (outcomes.resolutionRate * 100).toLocaleString(i18n.language, { maximumFractionDigits: 1 }) + '%',
    },
    { key: 'toFirstMatch', value: hours(outcomes.medianHoursToFirstMatch) },
    { key: 'toFirstContact', value: hours(outcomes.medianHoursToFirstContact) },
    { key: 'toResolution', value: hours(outcomes.medianHoursToResolution) },
    {
      key: 'relayChains',
      value: outcomes.relayChains?.chains == null ? null : number(outcomes.relayChains.chains),
    },
    {
      key: 'passedOn',
      value: outcomes.relayChains?.postsPassedOn == null ? null : number(outcomes.relayChains.postsPassedOn),
    },
  ];
  return (
    <section className="outcomes" aria-labelledby="outcomes-title">
      <h2 id="outcomes-title" className="section-title">
        {t('stats.outcomes.title')}
      </h2>
      <dl className="totals outcome-figures">
        {figures.map((f) => (
          <div key={f.key} className={`total ${f.value == null ? 'total-suppressed' : 'total-neutral'}`}>
            <dt>{t(`stats.outcomes.${f.key}`)}</dt>
            <dd>{f.value ?? <span className="total-none">{t('stats.outcomes.tooFew')}</span>}</dd>
          </div>
        ))}
      </dl>
      <BarChart
        title={t('stats.outcomes.needsMetBy')}
        color={MET}
        unit={t('stats.postsUnit')}
        rows={outcomes.needsMetBy.map((m) => ({
          label: t(`resolve.outcomes.${m.outcome}`, { defaultValue: m.outcome }),
          count: m.count,
        }))}
      />
    </section>
  );
}
