import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend);

export interface Series {
  label: string;
  color: string;
  values: number[];
}

/** A small line chart over labelled points; the same numbers are in a table beside it for screen readers. */
export function LineChart({ labels, series }: { labels: string[]; series: Series[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current || labels.length === 0) return;
    const css = getComputedStyle(document.documentElement);
    const text = css.getPropertyValue('--c-text').trim() || '#1c2b33';
    const chart = new Chart(canvas.current, {
      type: 'line',
      data: {
        labels,
        datasets: series.map((s) => ({
          label: s.label,
          data: s.values,
          borderColor: s.color,
          backgroundColor: s.color,
          tension: 0.25,
          pointRadius: 3,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: series.length > 1, labels: { color: text } } },
        scales: {
          x: { ticks: { color: text, maxRotation: 0, autoSkip: true } },
          y: { ticks: { color: text } },
        },
      },
    });
    return () => chart.destroy();
  }, [labels, series]);
  return (
    <div className="care-chart">
      <canvas ref={canvas} aria-hidden="true" />
    </div>
  );
}
