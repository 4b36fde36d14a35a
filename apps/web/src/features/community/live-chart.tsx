import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useId, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** A horizontal bar chart of a survey question's counts, with the same numbers as a table for screen readers. */
export function LiveBarChart({
  title,
  rows,
  unit,
}: {
  title: string;
  rows: { label: string; count: number }[];
  unit: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const titleId = useId();
  useEffect(() => {
    if (!canvas.current) return;
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--c-text').trim() || '#1c2b33';
    const size = Number.parseFloat(css.fontSize) || 16;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: rows.map((r) => r.label),
        datasets: [
          {
            data: rows.map((r) => r.count),
            backgroundColor: '#2f7d6d',
            borderRadius: 4,
            maxBarThickness: 28,
          },
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
  }, [rows, unit]);
  return (
    <figure className="live-chart" aria-labelledby={titleId}>
      <figcaption id={titleId} className="survey-legend">
        {title}
      </figcaption>
      <div className="chart-box" style={{ height: `${rows.length * 2.4 + 2}em` }}>
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
    </figure>
  );
}
