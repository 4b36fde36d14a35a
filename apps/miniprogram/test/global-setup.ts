import { rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildPages } from './build-pages.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    miniprogramPages: Record<string, string>;
  }
}

/** Compiles the pages once, in Node (esbuild does not run inside jsdom), for every test file. */
export default function setup(project: TestProject) {
  const pages = buildPages(['pages/login/login', 'pages/index/index']);
  project.provide('miniprogramPages', pages);
  return () => {
    const dir = path.dirname(path.dirname(path.dirname(pages['pages/login/login'] as string)));
    rmSync(dir, { recursive: true, force: true });
  };
}
