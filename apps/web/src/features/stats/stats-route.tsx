import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useStats } from './api/get-stats.ts';
import { BarChart } from './components/bar-chart.tsx';
import { OutcomesSection } from './components/outcomes-section.tsx';
import './stats.css';

const NEED = '#a93b16';
const OFFER = '#1f6a3f';

export function StatsRoute() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const stats = useStats();

  if (stats.isPending) return <Spinner label={t('common.loading')} />;
  if (stats.isError)
    return (
      <div className="page">
        <LoadFailed query={stats} />
      </div>
    );

  const s = stats.data;
  const totals = [
    { key: 'openNeeds', value: s.totals.openNeeds, tone: 'need' },
    { key: 'openOffers', value: s.totals.openOffers, tone: 'offer' },
    { key: 'posts', value: s.totals.posts, tone: 'neutral' },
    { key: 'resolved', value: s.totals.resolved, tone: 'ok' },
  ];
  const city = (c: { city: string; province: string }) =>
    c.province && c.province !== c.city ? `${c.city}（${c.province}）` : c.city;
  const unit = t('stats.postsUnit');

  return (
    <div className="page stats">
      <h1 className="page-title">{t('stats.title')}</h1>
      <dl className="totals">
        {totals.map((x) => (
          <div key={x.key} className={`total total-${x.tone}`}>
            <dt>{t(`stats.${x.key}`)}</dt>
            <dd>{x.value.toLocaleString(i18n.language)}</dd>
          </div>
        ))}
      </dl>
      {s.outcomes ? <OutcomesSection outcomes={s.outcomes} /> : null}
      <BarChart
        title={t('stats.topCitiesNeeds')}
        color={NEED}
        unit={unit}
        rows={s.topCitiesByNeeds.map((c) => ({ label: city(c), count: c.count }))}
      />
      <BarChart
        title={t('stats.topMedicinesNeeded')}
        color={NEED}
        unit={unit}
        rows={s.topMedicinesNeeded.map((m) => ({ label: pick(m.name, lang), count: m.count }))}
      />
      <BarChart
        title={t('stats.topCitiesOffers')}
        color={OFFER}
        unit={unit}
        rows={s.topCitiesByOffers.map((c) => ({ label: city(c), count: c.count }))}
      />
      <BarChart
        title={t('stats.topMedicinesOffered')}
        color={OFFER}
        unit={unit}
        rows={s.topMedicinesOffered.map((m) => ({ label: pick(m.name, lang), count: m.count }))}
      />
      <p className="fine-print">
        {t('stats.suppressed', { n: s.minCount })}{' '}
        {t('stats.generated', { time: formatDateTime(s.generatedAt, i18n.language) })}
      </p>
    </div>
  );
}
