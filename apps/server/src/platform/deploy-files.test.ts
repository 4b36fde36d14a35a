import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { CONFIG_KEYS, loadConfig } from './config.ts';

// deploy/: what an operator copies to a machine. The environment template must name every variable
// the server reads, and as shipped (with keys filled in) it must start the server's configuration.
const deploy = (file: string) => readFileSync(new URL(`../../../../deploy/${file}`, import.meta.url), 'utf8');

test('the environment template names every variable the server reads, once', () => {
  const names = [...deploy('medrelay.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
  expect(new Set(names).size).toBe(names.length);
  expect([...names].sort()).toEqual([...CONFIG_KEYS].sort());
});

test('the environment template, keys filled in, is a valid production configuration', () => {
  const env: Record<string, string> = {};
  for (const m of deploy('medrelay.env.example').matchAll(/^([A-Z][A-Z0-9_]+)=(.*)$/gm))
    env[m[1] as string] = m[2] as string;
  env.PHONE_ENC_KEY = randomBytes(32).toString('base64');
  env.HASH_KEY = randomBytes(32).toString('base64');
  const config = loadConfig(env);
  expect(config).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: true });
  expect(config.DATABASE_URL).toMatch(/^postgres:/);
});

test('the nginx site and the systemd unit say what the cluster script and the server rely on', () => {
  const site = deploy('nginx/medrelay.conf');
  expect(site).toMatch(/# servers:[^\n]*\n(\s*server 127\.0\.0\.1:\d+[^\n]*\n)+\s*# end of servers/);
  expect(site).toMatch(/location \/api\/v1\/live \{[^}]*proxy_buffering off;/);
  expect(site).toContain('proxy_set_header X-Forwarded-For $remote_addr;');
  expect(site).toMatch(/keepalive \d+;/);
  const unit = deploy('systemd/medrelay@.service');
  expect(unit).toContain('EnvironmentFile=/etc/medrelay/medrelay.env');
  expect(unit).toMatch(/Environment=PORT=%i/);
});
