import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, openPglite } from './database.js';

let dir: string;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('embedded database folder lock', () => {
  it('refuses a second opener while the folder is open, and takes over a stale lock', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-lock-'));
    const dataDir = path.join(dir, 'pglite');
    const first = await openPglite(dataDir);
    await expect(openPglite(dataDir)).rejects.toBeInstanceOf(DataDirLockedError);
    await first.close();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
    // A process that died holding the lock (this pid does not exist) does not block a restart.
    fs.writeFileSync(`${dataDir}.lock`, '2147483646');
    const again = await openPglite(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, 'utf8')).toBe(String(process.pid));
    await again.close();
  });
});
