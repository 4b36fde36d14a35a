import type { StatsSummary } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadFailed, SkeletonCards } from '../../../components/ui/state-view.tsx';
import { api } from '../../../lib/api-client.ts';
import { pick, useLang } from '../../../lib/i18n.ts';
import { useFigures } from './api.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

function Bars({ labels, values, horizontal }: { labels: string[]; values: number[]; horizontal?: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels,
        datasets: [{ data: values, backgroundColor: '#0d7361', borderRadius: 3, maxBarThickness: 24 }],
      },
      options: {
        indexAxis: horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { [horizontal ? 'x' : 'y']: { beginAtZero: true, ticks: { precision: 0 } } },
      },
    });
    return () => chart.destroy();
  }, [labels, values, horizontal]);
  return (
    <div className="chart-box" style={{ height: horizontal ? `${labels.length * 2.2 + 2}em` : '12em' }}>
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}

/** 数据: this pharmacy's counts, reservations by day, and what the square asks for most (public stats). */
export function FiguresPanel({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const figures = useFigures(partnerId);
  const stats = useQuery({
    queryKey: ['stats'],
    queryFn: ({ signal }) => api<StatsSummary>('/stats/summary', { signal }),
    staleTime: 60_000,
  });
  const f = figures.data;
  const top = stats.data?.topMedicinesNeeded.slice(0, 8) ?? [];
  return (
    <section aria-labelledby="figures-title" className="partner-sections">
      <h2 id="figures-title" className="section-title">
        {t('pharmacyMembers.figures')}
      </h2>
      {figures.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : figures.isError ? (
        <LoadFailed query={figures} />
      ) : f ? (
        <>
          <dl className="card figures" aria-label={t('pharmacyMembers.figures')}>
            {(
              [
                ['reservations', f.reservations],
                ['pickups', f.pickups],
                ['noShows', f.noShows],
                ['members', f.members],
                ['couponClaims', f.couponClaims],
                ['couponRedemptions', f.couponRedemptions],
              ] as const
            ).map(([k, v]) => (
              <div key={k}>
                <dt>{t(`pharmacyMembers.fig.${k}`)}</dt>
                <dd className="tabular">{v}</dd>
              </div>
            ))}
          </dl>
          <figure className="card chart">
            <figcaption className="section-title">{t('pharmacyMembers.dailyTitle')}</figcaption>
            <Bars labels={f.daily.map((d) => d.day.slice(5))} values={f.daily.map((d) => d.reservations)} />
            <table className="visually-hidden">
              <caption>{t('pharmacyMembers.dailyTitle')}</caption>
              <tbody>
                {f.daily.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{d.day}</th>
                    <td>{d.reservations}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </figure>
        </>
      ) : null}
      <figure className="card chart">
        <figcaption className="section-title">{t('pharmacyMembers.askedTitle')}</figcaption>
        {top.length === 0 ? (
          <p className="muted">{t('pharmacyMembers.askedNone')}</p>
        ) : (
          <>
            <Bars labels={top.map((m) => pick(m.name, lang))} values={top.map((m) => m.count)} horizontal />
            <ol className="visually-hidden">
              {top.map((m) => (
                <li key={m.medicineId}>
                  {pick(m.name, lang)}: {m.count}
                </li>
              ))}
            </ol>
          </>
        )}
        <p className="card-meta">{t('pharmacyMembers.askedNote')}</p>
      </figure>
    </section>
  );
}
