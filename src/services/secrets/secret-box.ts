import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest of the secrets the server must read back in clear — terminal tokens and
 * keys (HMAC verification needs them) and e-voucher signing keys — so a database dump or backup
 * alone cannot forge a gateway request or an insurance code.
 *
 * AES-256-GCM with a 12-byte random nonce; the column's name is bound in as additional data, so
 * a sealed value copied into another column does not open. Sealed text: `v1.<nonce>.<ct>.<tag>`
 * (base64url). A value without the `v1.` prefix is a secret stored before encryption existed;
 * `open` returns it as it is and the server seals it at start (see sealLegacy*).
 */
/** The columns that hold sealed secrets; each name is the additional data of its values. */
export const SEALED = {
  terminalPassToken: 'terminals.pass_token',
  terminalSecretKey: 'terminals.secret_key',
  eVoucherSigningKey: 'e_vouchers.signing_key',
} as const;

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== 32) throw new Error('the secret key must be 32 bytes');
    return new SecretBox(Buffer.from(key));
  }

  /** A key for this process only: secrets sealed with it do not open in another process. */
  static ephemeral(): SecretBox {
    return new SecretBox(randomBytes(32));
  }

  seal(plain: string, column: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(column, 'utf8'));
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', nonce, ct, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /** The secret in clear; throws when the value was sealed under another key or column. */
  open(stored: string, column: string): string {
    if (!SecretBox.isSealed(stored)) return stored;
    const [, nonce, ct, tag] = stored.split('.') as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(column, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  static isSealed(stored: string): boolean {
    return /^v1\.[\w-]{16}\.[\w-]*\.[\w-]{22}$/.test(stored);
  }
}

/**
 * The server's secret key: YIBAO_SECRET_KEY (32 bytes, base64 or base64url) when set, else the
 * file `secret.key` in the data folder, created (mode 0600) with a random key on first use. Keep
 * the file out of database backups; losing it means re-registering terminals and re-activating
 * e-vouchers.
 */
export function loadSecretKey(o: { secretKey: string | null; dataDir: string }): Buffer {
  if (o.secretKey) {
    const key = Buffer.from(o.secretKey, 'base64url');
    if (key.length !== 32) throw new Error('YIBAO_SECRET_KEY must be 32 bytes in base64');
    return key;
  }
  const file = path.join(o.dataDir, 'secret.key');
  try {
    return decodeKeyFile(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  fs.mkdirSync(o.dataDir, { recursive: true });
  const key = randomBytes(32);
  try {
    // wx: if another process created it meanwhile, use theirs
    fs.writeFileSync(file, `${key.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return decodeKeyFile(fs.readFileSync(file, 'utf8'), file);
  }
}

function decodeKeyFile(text: string, file: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64url');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}
