import './strings.ts';
import type { MeasurementKind } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useChart, useHealthRecord } from './api.ts';
import { CareTabs } from './components/care-tabs.tsx';
import { ConsentScreen } from './components/consent-screen.tsx';
import { MeasurementChart, readingText } from './components/measurement-chart.tsx';
import { MeasurementForm } from './components/measurement-form.tsx';
import { RecordEditor } from './components/record-editor.tsx';
import { WithdrawConsent } from './components/withdraw-consent.tsx';
import './care.css';

const CHART_DAYS = 30;

/** /care — 健康档案: the consent first, then the record, readings and their chart. */
export function CareRoute() {
  const { t, i18n } = useTranslation();
  const record = useHealthRecord();
  const consented = Boolean(record.data?.consentedAt);
  const [kind, setKind] = useState<MeasurementKind>('temperature');
  const chart = useChart(kind, CHART_DAYS, consented);
  const unauthenticated = record.error instanceof ApiError && record.error.status === 401;

  return (
    <div className="page care">
      <h1 className="page-title">{t('care.title')}</h1>
      <CareTabs />
      {record.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : unauthenticated ? (
        <StateView
          tone="info"
          title={t('errors.unauthenticated')}
          action={<ButtonLink to="/me">{t('care.title')}</ButtonLink>}
        />
      ) : record.isError ? (
        <LoadFailed query={record} />
      ) : !consented ? (
        <ConsentScreen />
      ) : (
        <div className="care-section">
          {record.data.latest.length > 0 ? (
            <section className="card care-section" aria-labelledby="care-latest">
              <h2 id="care-latest" className="section-title">
                {t('care.measure.latest')}
              </h2>
              <ul className="care-list">
                {record.data.latest.map((m) => (
                  <li key={m.id}>
                    <span>
                      {t(`care.measure.kinds.${m.kind}`)}
                      <br />
                      <span className="card-meta">{formatDateTime(m.measuredAt, i18n.language)}</span>
                    </span>
                    <span className="care-reading">{readingText(m.value)}</span>
                  </li>
                ))}
              </ul>
              {record.data.latest.some((m) => m.value.kind === 'temperature' && m.value.celsius >= 39) ? (
                <p className="care-warnings">{t('care.measure.highFever')}</p>
              ) : null}
              {record.data.latest.some((m) => m.value.kind === 'spo2' && m.value.percent <= 93) ? (
                <p className="care-red-flags">
                  {t('care.measure.lowSpo2')}{' '}
                  <a href="tel:120" className="btn btn-danger btn-sm">
                    {t('care.guidance.call120')}
                  </a>
                </p>
              ) : null}
            </section>
          ) : null}
          <MeasurementForm kind={kind} onKind={setKind} />
          <MeasurementChart kind={kind} days={CHART_DAYS} query={chart} />
          <RecordEditor record={record.data} />
          <WithdrawConsent />
        </div>
      )}
    </div>
  );
}
