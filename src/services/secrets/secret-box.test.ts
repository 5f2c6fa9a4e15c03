import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSecretKey, SecretBox } from './secret-box.js';

describe('SecretBox', () => {
  const box = SecretBox.ephemeral();

  it('opens what it sealed, for any text, and never stores the text itself', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), (plain) => {
        const sealed = box.seal(plain, 'terminals.pass_token');
        expect(SecretBox.isSealed(sealed)).toBe(true);
        expect(sealed).not.toContain(plain.length > 3 ? plain : '\u0000');
        expect(box.open(sealed, 'terminals.pass_token')).toBe(plain);
      }),
    );
  });

  it('seals the same text differently each time', () => {
    expect(box.seal('token', 'c')).not.toBe(box.seal('token', 'c'));
  });

  it('refuses another column, another key and a changed value', () => {
    const sealed = box.seal('secret', 'terminals.pass_token');
    expect(() => box.open(sealed, 'terminals.secret_key')).toThrow();
    expect(() => SecretBox.ephemeral().open(sealed, 'terminals.pass_token')).toThrow();
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[2]!, 'base64url');
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[2] = ct.toString('base64url');
    expect(() => box.open(parts.join('.'), 'terminals.pass_token')).toThrow();
  });

  it('returns a value stored before encryption as it is', () => {
    expect(SecretBox.isSealed('0123abcdef')).toBe(false);
    expect(box.open('0123abcdef', 'terminals.pass_token')).toBe('0123abcdef');
  });

  it('takes only a 32-byte key', () => {
    expect(() => SecretBox.fromKey(randomBytes(16))).toThrow();
  });
});

describe('loadSecretKey', () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-key-'));

  it('creates secret.key (mode 0600) in the data folder once and reads it back after', () => {
    const dataDir = path.join(dir(), 'data');
    const first = loadSecretKey({ secretKey: null, dataDir });
    expect(first).toHaveLength(32);
    const stat = fs.statSync(path.join(dataDir, 'secret.key'));
    expect(stat.mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ secretKey: null, dataDir }).equals(first)).toBe(true);
  });

  it('prefers YIBAO_SECRET_KEY and refuses one of the wrong length', () => {
    const key = randomBytes(32);
    const dataDir = dir();
    expect(loadSecretKey({ secretKey: key.toString('base64'), dataDir }).equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
    expect(() => loadSecretKey({ secretKey: randomBytes(20).toString('base64'), dataDir })).toThrow(
      /32 bytes/,
    );
  });

  it('refuses a damaged key file instead of making a new key', () => {
    const dataDir = dir();
    fs.writeFileSync(path.join(dataDir, 'secret.key'), 'short\n');
    expect(() => loadSecretKey({ secretKey: null, dataDir })).toThrow(/32-byte/);
  });
});
