import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { parseToken } from '../../domain/evoucher/evoucher-token.js';
import { maskName } from '../../domain/identity/mask.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { actorOf, toPublicUser } from '../../services/auth/auth-service.js';
import { EVoucherService } from '../../services/evoucher/evoucher-service.js';
import { SecretBox } from '../../services/secrets/secret-box.js';

/** 医保电子凭证 through the REST API: activation, rotating code, 近亲代展, the counter's scan. */
let t: TestApp;
let insured: string;
let hospital: string;
let relative: string;
let stranger: string;
let me: { id: number; certno: string; name: string; psn_no: string };
let kin: { id: number; name: string; relation: string };

const URL = '/api/v1/me/e-voucher';

async function call(method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) {
  return t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

const count = async (
  table: 'e_vouchers' | 'e_voucher_grants' | 'e_voucher_scans' | 'access_log' | 'history',
) =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function insuredAccount(username: string, personId: number): Promise<string> {
  await t.services.auth.addUser(SYSTEM_ACTOR, {
    username,
    password: `${username}-pass`,
    displayName: username,
    role: 'insured',
    personId,
  });
  return t.login(username, `${username}-pass`);
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', 'insured')
    .executeTakeFirstOrThrow();
  me = await db
    .selectFrom('persons')
    .select(['id', 'certno', 'name', 'psn_no'])
    .where('id', '=', user.person_id!)
    .executeTakeFirstOrThrow();
  const rel = await db
    .selectFrom('person_relations as r')
    .innerJoin('persons as p', 'p.id', 'r.relative_id')
    .select(['p.id', 'p.name', 'r.relation'])
    .where('r.person_id', '=', me.id)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  kin = rel;
  const other = await db
    .selectFrom('persons')
    .select('id')
    .where('id', 'not in', [me.id, kin.id])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('person_relations')
            .select('person_id')
            .where('person_id', '=', me.id)
            .whereRef('relative_id', '=', 'persons.id'),
        ),
      ),
    )
    .orderBy('id')
    .executeTakeFirstOrThrow();
  insured = await t.login('insured');
  hospital = await t.login('hospital');
  relative = await insuredAccount('evkin', kin.id);
  stranger = await insuredAccount('evstranger', other.id);
});
afterAll(async () => {
  await t?.close();
});

describe('activation', () => {
  it('starts inactive, listing my close relatives, and gives no code', async () => {
    const res = await call('GET', URL, insured);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'none', voucherId: null, grants: [] });
    expect(res.json().relatives).toContainEqual(
      expect.objectContaining({ personId: kin.id, name: kin.name, grantId: null }),
    );
    const token = await call('POST', `${URL}/token`, insured);
    expect(token.statusCode).toBe(409);
    expect(token.json().error.code).toBe('YB_ERR_EVOUCHER_NOT_ACTIVE');
  });

  it('refuses a wrong ID number, name or password, or empty fields, creating nothing', async () => {
    const vouchers = await count('e_vouchers');
    const wrong = [
      {
        certno: me.certno.replace(/.$/, (c) => (c === '1' ? '2' : '1')),
        name: me.name,
        password: 'insured123',
      },
      { certno: me.certno, name: `${me.name}x`, password: 'insured123' },
      { certno: me.certno, name: me.name, password: 'wrong-password' },
    ];
    for (const body of wrong) {
      const res = await call('POST', `${URL}/activate`, insured, body);
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'YB_ERR_EVOUCHER_IDENTITY' });
      expect(res.json().error.messageZh).toContain('身份核验未通过');
    }
    const empty = await call('POST', `${URL}/activate`, insured, { certno: ' ', name: '', password: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((f: { path: string }) => f.path)).toEqual([
      'certno',
      'name',
      'password',
    ]);
    expect(await count('e_vouchers')).toBe(vouchers);
  });

  it('activates with the full ID number (any case), name and password, once', async () => {
    const history = await count('history');
    const res = await call('POST', `${URL}/activate`, insured, {
      certno: me.certno.toLowerCase(),
      name: ` ${me.name} `,
      password: 'insured123',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'active', voucherId: expect.any(Number) });
    expect(res.body).not.toContain('signing');
    expect(await count('history')).toBe(history + 1);
    // the signing key is stored sealed (encrypted at rest), never in clear
    const stored = await t.database.db
      .selectFrom('e_vouchers')
      .select('signing_key')
      .where('id', '=', res.json().voucherId)
      .executeTakeFirstOrThrow();
    expect(SecretBox.isSealed(stored.signing_key)).toBe(true);
    const again = await call('POST', `${URL}/activate`, insured, {
      certno: me.certno,
      name: me.name,
      password: 'insured123',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('YB_ERR_EVOUCHER_ALREADY_ACTIVE');
  });

  it('refuses further attempts after 5 failed identity checks, even correct ones', async () => {
    const kinRecord = await t.database.db
      .selectFrom('persons')
      .select('certno')
      .where('id', '=', kin.id)
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 5; i++) {
      const res = await call('POST', `${URL}/activate`, relative, {
        certno: kinRecord.certno,
        name: kin.name,
        password: 'not-it',
      });
      expect(res.statusCode).toBe(403);
    }
    const right = await call('POST', `${URL}/activate`, relative, {
      certno: kinRecord.certno,
      name: kin.name,
      password: 'evkin-pass',
    });
    expect(right.statusCode).toBe(429);
    expect(right.json().error.code).toBe('YB_ERR_RATE_LIMITED');
    expect((await call('GET', URL, relative)).json().status).toBe('none');
  });

  it('is for insured persons only', async () => {
    const res = await call('GET', URL, hospital);
    expect(res.statusCode).toBe(403);
  });
});

describe('rotating code and the counter scan', () => {
  it('issues a short-lived, uncached code without personal data', async () => {
    const res = await call('POST', `${URL}/token`, insured);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.token).toMatch(/^EV1\.[0-9A-Z.]+$/);
    expect(body.token.length).toBeLessThanOrEqual(50);
    expect(body.token).not.toContain(me.certno);
    expect(body.token).not.toContain(me.psn_no);
    expect(body).toMatchObject({ lifetimeSeconds: 120, refreshAfterSeconds: 60 });
    expect(Date.parse(body.expiresAt) - Date.parse(body.issuedAt)).toBe(120_000);
    expect(parseToken(body.token)?.claims.grantId).toBe(0);
  });

  it('identifies the holder at the counter, more than once within its life, logging each scan', async () => {
    const { token } = (await call('POST', `${URL}/token`, insured)).json();
    const [scans, reads] = [await count('e_voucher_scans'), await count('access_log')];
    for (let i = 0; i < 2; i++) {
      const res = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ id: me.id, psnNo: me.psn_no, name: me.name, displayedBy: null });
      expect(res.json().certnoMasked).toContain('*');
      expect(res.body).not.toContain(me.certno);
    }
    expect(await count('e_voucher_scans')).toBe(scans + 2);
    expect(await count('access_log')).toBe(reads + 2);
  });

  it('lets only institution operators scan', async () => {
    const { token } = (await call('POST', `${URL}/token`, insured)).json();
    for (const who of [insured, await t.login('clerk')]) {
      const res = await call('POST', '/api/v1/institution/e-voucher/scan', who, { token });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses expired, forged and altered codes, recording nothing', async () => {
    const user = await t.database.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', 'insured')
      .executeTakeFirstOrThrow();
    const past = new EVoucherService(
      t.database.db,
      t.services.persons,
      t.secrets,
      () => Date.now() - 10 * 60_000,
    );
    const expired = (await past.issueToken(actorOf(toPublicUser(user)))).token;
    const { token } = (await call('POST', `${URL}/token`, insured)).json();
    const parts = token.split('.');
    const otherMac = `${parts.slice(0, 5).join('.')}.${'A'.repeat(20)}`;
    const otherVoucher = [parts[0], '9ZZ', ...parts.slice(2)].join('.');
    const longerLife = [...parts.slice(0, 4), '3D', parts[5]].join('.');
    const scans = await count('e_voucher_scans');
    const cases: [string, string][] = [
      [expired, 'YB_ERR_EVOUCHER_TOKEN_EXPIRED'],
      [otherMac, 'YB_ERR_EVOUCHER_TOKEN_INVALID'],
      [otherVoucher, 'YB_ERR_EVOUCHER_TOKEN_INVALID'],
      [longerLife, 'YB_ERR_EVOUCHER_TOKEN_INVALID'],
      ['110101199003070011', 'YB_ERR_EVOUCHER_TOKEN_INVALID'],
    ];
    for (const [scanned, code] of cases) {
      const res = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token: scanned });
      expect(res.statusCode, scanned).toBe(400);
      expect(res.json().error.code, scanned).toBe(code);
    }
    expect(await count('e_voucher_scans')).toBe(scans);
  });
});

describe('近亲代展', () => {
  let grantId: number;

  it('allows only registered close relatives', async () => {
    const strangerId = (await call('GET', '/api/v1/me/person', stranger)).json().id;
    const res = await call('POST', `${URL}/grants`, insured, { relativeId: strangerId });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('YB_ERR_EVOUCHER_NOT_RELATIVE');
  });

  it('grants a relative, idempotently, who then sees me among the codes they may show', async () => {
    const grants = await count('e_voucher_grants');
    const res = await call('POST', `${URL}/grants`, insured, { relativeId: kin.id });
    expect(res.statusCode).toBe(200);
    expect(res.json().grants).toEqual([
      expect.objectContaining({ personId: kin.id, name: kin.name, relation: kin.relation }),
    ]);
    grantId = res.json().grants[0].id;
    expect(res.json().relatives.find((r: { personId: number }) => r.personId === kin.id).grantId).toBe(
      grantId,
    );
    await call('POST', `${URL}/grants`, insured, { relativeId: kin.id });
    expect(await count('e_voucher_grants')).toBe(grants + 1);

    const shown = await call('GET', `${URL}/shown-for`, relative);
    expect(shown.json().items).toEqual([
      expect.objectContaining({
        grantId,
        personId: me.id,
        name: me.name,
        certnoMasked: expect.stringContaining('*'),
      }),
    ]);
    expect((await call('GET', `${URL}/shown-for`, stranger)).json().items).toEqual([]);
  });

  it('identifies me when the relative shows my code, saying who showed it', async () => {
    const res = await call('POST', `${URL}/shown-for/${grantId}/token`, relative);
    expect(res.statusCode).toBe(200);
    expect(parseToken(res.json().token)?.claims.grantId).toBe(grantId);
    const scan = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, {
      token: res.json().token,
    });
    expect(scan.statusCode).toBe(200);
    expect(scan.json()).toMatchObject({ id: me.id, displayedBy: { relation: kin.relation } });
    expect(scan.json().displayedBy.name).toBe(maskName(kin.name));
    const row = await t.database.db
      .selectFrom('e_voucher_scans')
      .select(['grant_id', 'channel'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ grant_id: grantId, channel: 'rest' });
    // I see the uses of my code, newest first, with who showed it.
    const mine = (await call('GET', URL, insured)).json();
    expect(mine.recentScans[0]).toMatchObject({ shownBy: kin.name, institutionName: expect.any(String) });
    expect(mine.recentScans[1]).toMatchObject({ shownBy: null });
    expect(mine.recentScans.length).toBeLessThanOrEqual(10);
  });

  it("does not let anyone else show my code under the relative's grant", async () => {
    const res = await call('POST', `${URL}/shown-for/${grantId}/token`, stranger);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('YB_ERR_EVOUCHER_REVOKED');
  });

  it('stops the relative’s codes at once when I withdraw the grant', async () => {
    const { token } = (await call('POST', `${URL}/shown-for/${grantId}/token`, relative)).json();
    const res = await call('DELETE', `${URL}/grants/${grantId}`, insured);
    expect(res.statusCode).toBe(200);
    expect(res.json().grants).toEqual([]);
    const scan = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token });
    expect(scan.statusCode).toBe(409);
    expect(scan.json().error.code).toBe('YB_ERR_EVOUCHER_REVOKED');
    expect((await call('GET', `${URL}/shown-for`, relative)).json().items).toEqual([]);
    expect((await call('DELETE', `${URL}/grants/${grantId}`, stranger)).statusCode).toBe(404);
  });
});

describe('revocation', () => {
  it('revokes my voucher: old codes stop working, a new activation makes a new key', async () => {
    const { token } = (await call('POST', `${URL}/token`, insured)).json();
    const revoked = await call('POST', `${URL}/revoke`, insured, { reason: '手机丢失' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('none');
    const scan = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token });
    expect(scan.json().error.code).toBe('YB_ERR_EVOUCHER_REVOKED');
    const again = await call('POST', `${URL}/activate`, insured, {
      certno: me.certno,
      name: me.name,
      password: 'insured123',
    });
    expect(again.statusCode).toBe(201);
    expect(again.json().voucherId).not.toBe(parseToken(token)?.claims.voucherId);
    const stillOld = await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token });
    expect(stillOld.json().error.code).toBe('YB_ERR_EVOUCHER_REVOKED');
    const fresh = (await call('POST', `${URL}/token`, insured)).json().token;
    expect(
      (await call('POST', '/api/v1/institution/e-voucher/scan', hospital, { token: fresh })).statusCode,
    ).toBe(200);
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of [
      '/api/v1/me/e-voucher',
      '/api/v1/me/e-voucher/activate',
      '/api/v1/me/e-voucher/token',
      '/api/v1/me/e-voucher/grants/{grantId}',
      '/api/v1/me/e-voucher/shown-for/{grantId}/token',
      '/api/v1/institution/e-voucher/scan',
    ])
      expect(doc.paths, path).toHaveProperty([path]);
  });
});
