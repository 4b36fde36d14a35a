import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

// Only the pieces a horizontal bar chart needs, so the stats chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

interface BarChartProps {
  title: string;
  rows: { label: string; count: number }[];
  color: string;
  unit: string;
}

/** A horizontal bar chart with the same numbers as a table for screen readers. */
export function BarChart({ title, rows, color, unit }: BarChartProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const titleId = useId();

  useEffect(() => {
    if (!canvas.current || rows.length === 0) return;
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--c-text').trim() || '#1c2b33';
    const size = Number.parseFloat(css.fontSize) || 16;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          { data: rows.map((r) => r.count), backgroundColor: color, borderRadius: 4, maxBarThickness: 28 },
        ],
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.formattedValue} ${unit}` } } },
        scales: {
          x: { beginAtZero: true, ticks: { precision: 0, color: text, font: { size: size * 0.8 } } },
          y: { ticks: { color: text, font: { size: size * 0.85 } }, grid: { display: false } },
        },
      },
    });
    return () => chart.destroy();
  }, [rows, color, unit]);

  return (
    <figure className="card chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="section-title">
        {title}
      </figcaption>
      {rows.length === 0 ? (
        <p className="muted">{t('stats.tooFew')}</p>
      ) : (
        <>
          <div className="chart-box" style={{ height: `${rows.length * 2.6 + 2}em` }}>
            <canvas ref={canvas} aria-hidden="true" />
          </div>
          <table className="visually-hidden">
            <caption>{title}</caption>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td>
                    {r.count} {unit}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
