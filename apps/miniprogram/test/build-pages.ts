import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '../miniprogram');

/**
 * The pages as WeChat developer tools would compile them (TypeScript → one script per page, its
 * imports inlined), beside their wxml/wxss/json, in a fresh folder for miniprogram-simulate to load.
 * Returns the path of each page without extension.
 */
export function buildPages(pages: string[]): Record<string, string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'medrelay-mp-'));
  const result: Record<string, string> = {};
  for (const page of pages) {
    const dir = path.join(out, path.dirname(page));
    mkdirSync(dir, { recursive: true });
    const base = path.basename(page);
    buildSync({
      entryPoints: [path.join(ROOT, `${page}.ts`)],
      bundle: true,
      format: 'iife',
      platform: 'neutral',
      target: 'es2020',
      outfile: path.join(dir, `${base}.js`),
      logLevel: 'silent',
    });
    for (const ext of ['wxml', 'wxss', 'json'])
      copyFileSync(path.join(ROOT, `${page}.${ext}`), path.join(dir, `${base}.${ext}`));
    result[page] = path.join(dir, base);
  }
  return result;
}
