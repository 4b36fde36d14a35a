import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// The dev server proxies the API to a server started with `npm run serve` (PORT 3000 by default).
const apiTarget = process.env.MEDRELAY_API ?? 'http://127.0.0.1:3000';

const COMPRESSIBLE = /\.(?:js|css|html|svg|json|webmanifest|txt)$/;

/**
 * Brotli (quality 11) and gzip (level 9) copies of every text asset beside it, made once at build time
 * so the server sends them with `preCompressed` instead of compressing each response (issue 11): a
 * phone on a congested network gets the square's JavaScript at about a third of its size.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'medrelay-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const file = path.join(dir, name);
          return statSync(file).isDirectory() ? walk(file) : [file];
        });
      for (const file of walk(outDir)) {
        // Vite's manifest is read by scripts, never served to browsers.
        if (!COMPRESSIBLE.test(file) || file.includes(`${path.sep}.vite${path.sep}`)) continue;
        const body = readFileSync(file);
        if (body.length < 1024) continue;
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 11,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          }),
        );
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
      }
    },
  };
}

/**
 * The square's first stylesheets go inside index.html: a linked stylesheet blocks the first paint
 * until it arrives, and on slow 4G it arrives late because it shares the line with the JavaScript
 * (measured with bench/first-paint.bench.ts: first paint 1.26 s with the links, 0.61 s inlined, see
 * docs/benchmarks.md). ~4 KB compressed; the CSP allows inline styles already (Leaflet needs them).
 * The files stay in the build for the lazy screens that list them as dependencies.
 */
function inlineFirstCss(): Plugin {
  return {
    name: 'medrelay-inline-first-css',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        return html.replace(
          /<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g,
          (tag, file: string) => {
            const asset = ctx.bundle?.[file];
            return asset?.type === 'asset' ? `<style>${String(asset.source)}</style>` : tag;
          },
        );
      },
    },
  };
}

/**
 * What the service worker keeps at install: the app shell and the screens a resident reads offline
 * (the square, a post, the post form, Me, notifications), found in Vite's manifest as the entry and
 * those screens with everything they import. The admin console, partner and pharmacy workspaces,
 * stats and the English strings are not downloaded up front (most phones never open them; they are
 * cached at runtime when opened, src/sw/sw.ts).
 */
const OFFLINE_SCREENS = ['square', 'post-detail', 'post-form', 'me', 'notifications'].map(
  (f) => `src/features/${f}/`,
);
let builtDir = '';
interface ViteChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
  assets?: string[];
}
export function offlineShell(manifest: Record<string, ViteChunk>): Set<string> {
  const keep = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) keep.add(file);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) {
    if (chunk.isEntry || OFFLINE_SCREENS.some((dir) => key.startsWith(dir))) visit(key);
  }
  return keep;
}
const rememberOutDir = (): Plugin => ({
  name: 'medrelay-pwa-outdir',
  apply: 'build',
  configResolved(config) {
    builtDir = path.resolve(config.root, config.build.outDir);
  },
});

/**
 * The installable offline app (issue 15, docs/pwa.md): the manifest and its icons (public/icons, drawn
 * from favicon.svg by scripts/make-icons.ts) and the service worker src/sw/sw.ts, built to /sw.js with
 * the list of files to precache injected (Workbox injectManifest, so the push handling stays ours).
 * The page registers it (src/lib/pwa.ts) and asks before a new version takes over.
 */
const pwa = () =>
  VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/sw',
    filename: 'sw.ts',
    registerType: 'prompt',
    injectRegister: false,
    manifestFilename: 'manifest.webmanifest',
    manifest: {
      id: '/square',
      name: '余药互助 MedRelay',
      short_name: '余药互助',
      description:
        '邻里之间分享多余的非处方药与防护用品。无买卖，只互助。MedRelay: neighbours share spare OTC medicine.',
      lang: 'zh-CN',
      dir: 'ltr',
      start_url: '/square',
      scope: '/',
      display: 'standalone',
      orientation: 'portrait',
      theme_color: '#0d5468',
      background_color: '#f1f5f6',
      categories: ['medical', 'social', 'lifestyle'],
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
    injectManifest: {
      // The app shell and every lazy screen, not the .br/.gz copies nor Vite's own manifest (the web
      // manifest and its icons are added by the plugin).
      globPatterns: ['**/*.{js,css,html,svg}'],
      globIgnores: ['**/node_modules/**', 'sw.js', '.vite/**'],
      maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
      manifestTransforms: [
        async (entries) => {
          const vite = JSON.parse(readFileSync(path.join(builtDir, '.vite/manifest.json'), 'utf8'));
          const shell = offlineShell(vite);
          const manifest = entries.filter((e) => !e.url.startsWith('assets/') || shell.has(e.url));
          return { manifest, warnings: [] };
        },
      ],
    },
    devOptions: { enabled: false },
  });

export default defineConfig({
  plugins: [react(), inlineFirstCss(), rememberOutDir(), pwa(), precompress()],
  server: {
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/openapi.json': { target: apiTarget },
    },
  },
  build: {
    // Phones in China still run WeChat's built-in browser on older Android; stay on widely available syntax.
    target: 'es2020',
    sourcemap: false,
    reportCompressedSize: true,
    // scripts/bundle-size.ts walks the manifest to measure what the square loads first.
    manifest: true,
  },
});
