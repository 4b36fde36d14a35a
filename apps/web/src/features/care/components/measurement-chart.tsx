import type { ChartView, MeasurementKind, MeasurementValue } from '@medrelay/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { LineChart, type Series } from './line-chart.tsx';

/** A reading as text: "39.2 ℃", "96%", "130/85 mmHg", "6.1 mmol/L". */
export function readingText(v: MeasurementValue): string {
  switch (v.kind) {
    case 'temperature':
      return `${v.celsius} ℃`;
    case 'spo2':
      return `${v.percent}%`;
    case 'blood_pressure':
      return `${v.systolic}/${v.diastolic} mmHg`;
    case 'blood_glucose':
      return `${v.mmolPerL} mmol/L`;
  }
}

const COLORS = { a: '#0b6e4f', b: '#b35c00' };

/** One kind's readings over time: a chart and the same numbers as a table. */
export function MeasurementChart({
  kind,
  days,
  query,
}: {
  kind: MeasurementKind;
  days: number;
  query: { isPending: boolean; isError: boolean; data?: ChartView; error: unknown; refetch: () => unknown };
}) {
  const { t, i18n } = useTranslation();
  const points = query.data?.points ?? [];
  const labels = useMemo(
    () =>
      points.map((p) =>
        new Date(p.measuredAt).toLocaleString(i18n.language, {
          month: 'numeric',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }),
      ),
    [points, i18n.language],
  );
  const series = useMemo<Series[]>(() => {
    const values = points.map((p) => p.value);
    if (kind === 'blood_pressure') {
      return [
        {
          label: t('care.measure.systolic'),
          color: COLORS.a,
          values: values.map((v) => (v.kind === 'blood_pressure' ? v.systolic : 0)),
        },
        {
          label: t('care.measure.diastolic'),
          color: COLORS.b,
          values: values.map((v) => (v.kind === 'blood_pressure' ? v.diastolic : 0)),
        },
      ];
    }
    const one = (v: MeasurementValue) =>
      v.kind === 'temperature'
        ? v.celsius
        : v.kind === 'spo2'
          ? v.percent
          : v.kind === 'blood_glucose'
            ? v.mmolPerL
            : 0;
    return [{ label: t(`care.measure.kinds.${kind}`), color: COLORS.a, values: values.map(one) }];
  }, [points, kind, t]);
  const title = t('care.measure.chart', { kind: t(`care.measure.kinds.${kind}`), days });
  return (
    <figure className="card care-section" aria-label={title}>
      <figcaption className="section-title">{title}</figcaption>
      {query.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : query.isError ? (
        <LoadFailed query={query} />
      ) : points.length === 0 ? (
        <p className="muted">{t('care.measure.noReadings')}</p>
      ) : (
        <>
          <LineChart labels={labels} series={series} />
          <details>
            <summary>{t('care.measure.table')}</summary>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('care.measure.when')}</th>
                  <th scope="col">{t('care.measure.value')}</th>
                </tr>
              </thead>
              <tbody>
                {points.map((p) => (
                  <tr key={p.id}>
                    <td>{formatDateTime(p.measuredAt, i18n.language)}</td>
                    <td>{readingText(p.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
