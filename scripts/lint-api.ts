// `npm run lint:api`: builds the server in-process, writes the OpenAPI document it serves at
// /openapi.json to a temporary file and lints it with Redocly (rules in redocly.yaml).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApiDocument } from '../apps/server/src/cli/openapi-document.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-openapi-'));
const file = path.join(dir, 'openapi.json');
try {
  writeFileSync(file, JSON.stringify(await openApiDocument(), null, 2));
  const root = path.resolve(import.meta.dirname, '..');
  const lint = spawnSync(
    'npx',
    ['redocly', 'lint', '--config', path.join(root, 'redocly.yaml'), '--max-problems', '200', file],
    { stdio: 'inherit', cwd: root },
  );
  process.exitCode = lint.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
