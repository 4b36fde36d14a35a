/**
 * What a phone downloads to show the square, from Vite's manifest: the entry and every chunk it
 * imports statically (lazy routes excluded), gzip level 9 as a CDN would serve it. Budget: 200 KB of
 * compressed JavaScript (issue 4). `--write` records the table in docs/benchmarks.md under
 * "## Web app bundle", leaving the other sections alone.
 *
 *   npm run build && npx tsx apps/web/scripts/bundle-size.ts [--write]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 200;
const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, '../dist');
const benchmarks = path.resolve(here, '../../../docs/benchmarks.md');

interface Chunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const manifestPath = path.join(dist, '.vite/manifest.json');
if (!existsSync(manifestPath)) {
  console.error(`No manifest at ${manifestPath}: run \`npm run build\` first.`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, Chunk>;
const kb = (bytes: number) => bytes / 1024;
const sizes = (file: string) => {
  const buf = readFileSync(path.join(dist, file));
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
};

/** The chunk keys loaded with `key`, statically (what arrives before the screen can run). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k]?.isEntry);
if (!entryKey) throw new Error('no entry in the manifest');
const first = closure(entryKey);
const sum = (keys: Iterable<string>, kind: 'js' | 'css') => {
  let raw = 0;
  let gzip = 0;
  for (const key of keys) {
    const chunk = manifest[key];
    if (!chunk) continue;
    const files = kind === 'js' ? [chunk.file] : (chunk.css ?? []);
    for (const f of files) {
      const s = sizes(f);
      raw += s.raw;
      gzip += s.gzip;
    }
  }
  return { raw, gzip };
};

const firstJs = sum(first, 'js');
const firstCss = sum(first, 'css');

// Each lazily loaded screen: what it adds on top of the first load.
const routes = Object.entries(manifest)
  .filter(([, c]) => c.isDynamicEntry)
  .map(([key, c]) => {
    const extra = [...closure(key)].filter((k) => !first.has(k));
    return { name: c.name ?? key, js: sum(extra, 'js'), css: sum(extra, 'css') };
  })
  .sort((a, b) => b.js.gzip - a.js.gzip);

const f = (n: number) => kb(n).toFixed(1);
const lines = [
  '## Web app bundle',
  '',
  `Measured with \`apps/web/scripts/bundle-size.ts\` on the production build (\`npm run build\`, Vite ${viteVersion()}),`,
  'gzip level 9. "First load" is the entry chunk and every chunk it imports statically: what a phone',
  'downloads before the square can render. Every other screen is a lazy chunk fetched on first visit.',
  '',
  '| what | JS raw (KB) | JS gzip (KB) | CSS gzip (KB) |',
  '|---|---:|---:|---:|',
  `| **first load of the square** (budget ${BUDGET_KB} KB gzip JS) | ${f(firstJs.raw)} | **${f(firstJs.gzip)}** | ${f(firstCss.gzip)} |`,
  ...routes.map((r) => `| + ${r.name} (lazy) | ${f(r.js.raw)} | ${f(r.js.gzip)} | ${f(r.css.gzip)} |`),
  '',
  'The first load is React 19, React Router 7, TanStack Query, i18next with both locales, and the square',
  'itself. Leaflet (map, map picker in the post form) and Chart.js (stats) are only in lazy chunks.',
  '',
];
const table = lines.join('\n');
console.log(table);

if (process.argv.includes('--write')) {
  const current = existsSync(benchmarks) ? readFileSync(benchmarks, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf('## Web app bundle');
  let next: string;
  if (start === -1) {
    next = `${current.trimEnd()}\n\n${table}`;
  } else {
    const after = current.indexOf('\n## ', start + 1);
    next = current.slice(0, start) + table + (after === -1 ? '' : `\n${current.slice(after + 1)}`);
  }
  writeFileSync(benchmarks, `${next.trimEnd()}\n`);
  console.log(`written to ${path.relative(process.cwd(), benchmarks)}`);
}

if (kb(firstJs.gzip) > BUDGET_KB) {
  console.error(`First load ${f(firstJs.gzip)} KB gzip is over the ${BUDGET_KB} KB budget.`);
  process.exit(1);
}

function viteVersion(): string {
  try {
    const pkg = path.resolve(here, '../../../node_modules/vite/package.json');
    return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}
