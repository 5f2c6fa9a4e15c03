import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('sign-in', () => {
  it.each([
    ['admin', 'admin'],
    ['clerk', 'agency_clerk'],
    ['reviewer', 'agency_reviewer'],
    ['hospital', 'institution_operator'],
    ['employer', 'employer_clerk'],
    ['insured', 'insured'],
  ])('signs in the demo account %s as %s and knows who it is', async (username, role) => {
    const cookie = await t.login(username);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ username, role });
  });

  it('refuses a wrong password with a structured bilingual error and sets no cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'clerk', password: 'nope-nope' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().error).toMatchObject({
      code: 'YB_ERR_BAD_CREDENTIALS',
      message: 'Wrong user name or password',
      messageZh: '用户名或密码错误',
    });
    expect(res.cookies).toEqual([]);
  });

  it('names every missing field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: {} });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(['password', 'username']);
  });

  it('answers 401 without a session and after sign-out', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/persons' })).statusCode).toBe(401);
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'reviewer', password: 'reviewer123' },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(401);
  });

  it('stores passwords as scrypt hashes', async () => {
    const row = await t.database.db
      .selectFrom('users')
      .select('password_hash')
      .where('username', '=', 'admin')
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(row.password_hash).not.toContain('admin123');
  });

  it('lets only the administrator list and create accounts', async () => {
    const clerk = await t.login('clerk');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { cookie: clerk } })).statusCode,
    ).toBe(403);
    const admin = await t.login('admin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        username: 'clerk2',
        password: 'longenough',
        displayName: '经办二',
        role: 'agency_clerk',
        regionCodes: ['370300'],
      },
    });
    expect(created.statusCode).toBe(201);
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: { cookie: admin },
      payload: {
        username: 'clerk2',
        password: 'longenough',
        displayName: '经办二',
        role: 'agency_clerk',
        regionCodes: ['370300'],
      },
    });
    expect(dup.json().error.code).toBe('YB_ERR_DUPLICATE_USERNAME');
  });
});
