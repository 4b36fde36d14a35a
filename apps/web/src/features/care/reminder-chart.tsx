import type { AdherenceReply } from '@medrelay/contracts';
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const COLORS = { taken: '#0b6e4f', skipped: '#8a6d00', missed: '#b3261e' };

/** Taken / skipped / missed per day as stacked bars, with the same numbers in a table for screen readers. */
export function AdherenceChart({ data }: { data: AdherenceReply }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const text = getComputedStyle(document.documentElement).getPropertyValue('--c-text').trim() || '#1c2b33';
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: data.days.map((d) => d.day.slice(5)),
        datasets: (['taken', 'skipped', 'missed'] as const).map((k) => ({
          label: t(`careReminders.chart.${k}`),
          data: data.days.map((d) => d[k]),
          backgroundColor: COLORS[k],
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { labels: { color: text } } },
        scales: {
          x: { stacked: true, ticks: { color: text, maxRotation: 0, autoSkip: true } },
          y: { stacked: true, beginAtZero: true, ticks: { color: text, precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [data, t]);
  return (
    <figure className="reminder-chart">
      <figcaption>{t('careReminders.chart.title')}</figcaption>
      <div className="reminder-chart-canvas">
        <canvas ref={canvas} aria-hidden="true" />
      </div>
      <table className="visually-hidden">
        <thead>
          <tr>
            <th scope="col">{t('careReminders.chart.day')}</th>
            <th scope="col">{t('careReminders.chart.taken')}</th>
            <th scope="col">{t('careReminders.chart.skipped')}</th>
            <th scope="col">{t('careReminders.chart.missed')}</th>
          </tr>
        </thead>
        <tbody>
          {data.days.map((d) => (
            <tr key={d.day}>
              <th scope="row">{d.day}</th>
              <td>{d.taken}</td>
              <td>{d.skipped}</td>
              <td>{d.missed}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
