import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadKeys, maskPhone, PersonalData } from './personal-data.ts';

describe('keys and personal data', () => {
  test('on the embedded store keys are generated once into DATA_DIR, readable by the owner only', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-keys-'));
    const first = loadKeys({ encKeyId: 'k1', dataDir: dir, allowGenerate: true });
    const file = path.join(dir, 'keys.json');
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = loadKeys({ encKeyId: 'k1', dataDir: dir, allowGenerate: true });
    expect(again.encKey.equals(first.encKey)).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('undefined');
  });

  test('with a shared PostgreSQL the keys must come from configuration', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-keys-'));
    expect(() => loadKeys({ encKeyId: 'k1', dataDir: dir, allowGenerate: false })).toThrow(
      /PHONE_ENC_KEY and HASH_KEY/,
    );
    expect(() =>
      loadKeys({
        encKeyId: 'k1',
        encKey: 'c2hvcnQ=',
        hashKey: 'c2hvcnQ=',
        dataDir: dir,
        allowGenerate: false,
      }),
    ).toThrow(/32 bytes/);
  });

  test('AES-256-GCM round trip with the key id; tampering is detected; hashes are keyed', () => {
    const keys = loadKeys({
      encKeyId: 'k1',
      dataDir: mkdtempSync(path.join(os.tmpdir(), 'mk-')),
      allowGenerate: true,
    });
    const pd = new PersonalData(keys);
    const sealed = pd.encrypt('13812345678');
    expect(sealed.startsWith(`${keys.encKeyId}:`)).toBe(true);
    expect(sealed).not.toContain('13812345678');
    expect(pd.decrypt(sealed)).toBe('13812345678');
    const [id, iv, tag, body] = sealed.split(':') as [string, string, string, string];
    const flipped = Buffer.from(body, 'base64');
    flipped[0] = (flipped[0] as number) ^ 1;
    expect(() => pd.decrypt([id, iv, tag, flipped.toString('base64')].join(':'))).toThrow();
    const other = new PersonalData(
      loadKeys({ encKeyId: 'k1', dataDir: mkdtempSync(path.join(os.tmpdir(), 'mk-')), allowGenerate: true }),
    );
    expect(pd.hash('phone', '13812345678')).not.toBe(other.hash('phone', '13812345678'));
  });

  test('masking phones', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
