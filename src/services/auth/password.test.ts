import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('s3cret-密码');
    const b = await hashPassword('s3cret-密码');
    expect(a).not.toBe(b);
    expect(a.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await verifyPassword('s3cret-密码', a)).toBe(true);
    expect(await verifyPassword('s3cret-密', a)).toBe(false);
    expect(await verifyPassword('x', 'plain')).toBe(false);
  });
});
