import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { sendHis } from '../fsi/fsi-test-kit.js';

/**
 * HIS terminals (一机一码) through the REST API: an institution's operator registers, lists and
 * revokes its own; agency staff of the region see and revoke any; a revoked terminal is refused by
 * the gateway on its next request.
 */
let t: TestApp;
let hospital: string;
let own: { id: number; code: string };
/** another institution of 淄博, and one of 湖州 */
let neighbour: string;
let huzhou: string;

beforeAll(async () => {
  t = await createTestApp();
  hospital = await t.login('hospital');
  const db = t.database.db;
  own = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.id', 'i.code'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  const other = (region: string) =>
    db
      .selectFrom('institutions')
      .select('code')
      .where('id', '!=', own.id)
      .where('status', '=', 'active')
      .where('region_code', 'like', `${region}%`)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  neighbour = (await other('3703')).code;
  huzhou = (await other('3305')).code;
});
afterAll(async () => {
  await t?.close();
});

async function call(cookie: string | null, method: 'GET' | 'POST', url: string, payload?: object) {
  return t.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(payload ? { payload } : {}),
    headers: cookie ? { cookie } : {},
  });
}
const register = (cookie: string, code: string, body: object = {}) =>
  call(cookie, 'POST', `/institutions/${code}/terminals`, body);
const revoke = (cookie: string, devNo: string, reason = '设备报废') =>
  call(cookie, 'POST', `/terminals/${devNo}/revoke`, { reason });
const signIn = (credentials: HisCredentials) =>
  sendHis(t, credentials, '9001', { signIn: { opter_no: '1', ip: '10.0.0.1' } });

async function counts() {
  const db = t.database.db;
  const n = async (table: 'terminals' | 'history') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { terminals: await n('terminals'), history: await n('history') };
}
async function statusOf(devNo: string) {
  return (
    await t.database.db
      .selectFrom('terminals')
      .select('status')
      .where('dev_no', '=', devNo)
      .executeTakeFirstOrThrow()
  ).status;
}

describe('an institution operator', () => {
  it('registers a terminal and gets its credentials once, uncached, usable at the gateway', async () => {
    const res = await register(hospital, own.code, { kind: 'kiosk', location: ' 门诊楼一层自助机 3 号 ' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const credentials = res.json();
    expect(Object.keys(credentials).sort()).toEqual(
      ['accessKey', 'devNo', 'fixmedinsCode', 'paasid', 'passToken', 'regionCode', 'secretKey'].sort(),
    );
    expect(credentials.fixmedinsCode).toBe(own.code);
    expect(credentials.devNo.startsWith(`${own.code}-`)).toBe(true);
    expect((await signIn(credentials)).body.infcode).toBe(0);

    const listed = await call(hospital, 'GET', `/institutions/${own.code}/terminals`);
    expect(listed.statusCode).toBe(200);
    const row = listed.json().items.find((x: { devNo: string }) => x.devNo === credentials.devNo);
    expect(row).toMatchObject({
      kind: 'kiosk',
      location: '门诊楼一层自助机 3 号',
      status: 'active',
      createdBy: 'hospital',
      revokedAt: null,
      paasid: credentials.paasid,
    });
    // The list never carries a secret, under any name.
    expect(listed.body).not.toContain(credentials.passToken);
    expect(listed.body).not.toContain(credentials.secretKey);
    expect(listed.body).not.toMatch(/passToken|secretKey|pass_token|secret_key/);

    const history = await t.database.db
      .selectFrom('history')
      .select(['action', 'actor_username', 'changes'])
      .where('entity_type', '=', 'terminal')
      .where('entity_id', '=', String(row.id))
      .execute();
    expect(history.map((h) => [h.action, h.actor_username])).toEqual([['created', 'hospital']]);
    expect(JSON.stringify(history)).not.toContain(credentials.passToken);
    expect(JSON.stringify(history)).not.toContain(credentials.secretKey);
  });

  it('chooses the device number, which must be new', async () => {
    const devNo = `MZ-SF-${Date.now()}`;
    const res = await register(hospital, own.code, { devNo });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ devNo });
    const before = await counts();
    const again = await register(hospital, own.code, { devNo });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ code: 'YB_ERR_DUPLICATE_CODE' });
    expect(again.json().error.fields[0].path).toBe('devNo');
    expect(await counts()).toEqual(before);
  });

  it('revokes its own terminal with a reason, and the gateway refuses it at once', async () => {
    const credentials = (await register(hospital, own.code, { kind: 'mobile' })).json();
    expect((await signIn(credentials)).body.infcode).toBe(0);
    const res = await revoke(hospital, credentials.devNo, '平板丢失');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      devNo: credentials.devNo,
      status: 'revoked',
      revokedBy: 'hospital',
      revokeReason: '平板丢失',
    });
    expect(res.json().revokedAt).toEqual(expect.any(String));

    const refused = await signIn(credentials);
    expect(refused.body.infcode).toBe(-1);
    expect(refused.body.err_msg).toContain('终端已注销');

    const again = await revoke(hospital, credentials.devNo);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('YB_ERR_TERMINAL_REVOKED');

    const listed = (await call(hospital, 'GET', `/institutions/${own.code}/terminals?status=revoked`)).json();
    expect(listed.items.map((x: { devNo: string }) => x.devNo)).toContain(credentials.devNo);
    expect(listed.items.every((x: { status: string }) => x.status === 'revoked')).toBe(true);
    const actions = await t.database.db
      .selectFrom('history')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'terminal')
      .where('entity_id', '=', String(res.json().id))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['created', 'revoked']);
    expect(actions[1]!.changes).toMatchObject({ revoke_reason: { from: null, to: '平板丢失' } });
  });

  it("cannot see, register or revoke another institution's terminals", async () => {
    const foreign = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: neighbour });
    const before = await counts();
    for (const res of [
      await call(hospital, 'GET', `/institutions/${neighbour}/terminals`),
      await register(hospital, neighbour),
      await revoke(hospital, foreign.devNo),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'YB_ERR_FORBIDDEN', messageZh: expect.any(String) });
    }
    expect(await counts()).toEqual(before);
    expect(await statusOf(foreign.devNo)).toBe('active');
    expect((await signIn(foreign)).body.infcode).toBe(0);
  });

  it('gets 404 for an unknown institution or terminal, 401 when signed out', async () => {
    const unknownInstitution = await call(hospital, 'GET', '/institutions/H99999999999/terminals');
    expect(unknownInstitution.statusCode).toBe(404);
    expect(unknownInstitution.json().error.code).toBe('YB_ERR_INSTITUTION_NOT_FOUND');
    const unknownTerminal = await revoke(hospital, 'NO-SUCH-DEVICE');
    expect(unknownTerminal.statusCode).toBe(404);
    expect(unknownTerminal.json().error.code).toBe('YB_ERR_TERMINAL_NOT_FOUND');
    expect((await call(null, 'GET', `/institutions/${own.code}/terminals`)).statusCode).toBe(401);
    expect((await register(await t.login('insured'), own.code)).statusCode).toBe(403);
  });
});

describe('bad input', () => {
  it('answers 400 naming the field and changes nothing', async () => {
    const before = await counts();
    const cases: [object, string][] = [
      [{ kind: 'tablet' }, 'kind'],
      [{ location: '窗'.repeat(201) }, 'location'],
      [{ devNo: 'has spaces in it' }, 'devNo'],
    ];
    for (const [body, path] of cases) {
      const res = await register(hospital, own.code, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe('YB_ERR_VALIDATION');
      expect(error.fields.map((f: { path: string }) => f.path)).toEqual([path]);
    }
    const badCode = await call(hospital, 'GET', '/institutions/not-a-code/terminals');
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().error.fields[0].path).toBe('params.code');

    const credentials = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: own.code });
    const afterSetUp = await counts();
    for (const payload of [{}, { reason: '' }, { reason: '   ' }, { reason: '因'.repeat(201) }]) {
      const res = await call(hospital, 'POST', `/terminals/${credentials.devNo}/revoke`, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
    }
    expect(await counts()).toEqual(afterSetUp);
    expect(afterSetUp.terminals).toBe(before.terminals + 1);
    expect(await statusOf(credentials.devNo)).toBe('active');
  });
});

describe('agency staff', () => {
  it("see an institution's terminals of their region, and not of another region", async () => {
    const clerk = await t.login('clerk');
    const listed = await call(clerk, 'GET', `/institutions/${own.code}/terminals`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.length).toBeGreaterThan(0);
    const reviewer = await call(await t.login('reviewer'), 'GET', `/institutions/${own.code}/terminals`);
    expect(reviewer.statusCode).toBe(200);

    const hzclerk = await t.login('hzclerk');
    const outside = await call(hzclerk, 'GET', `/institutions/${own.code}/terminals`);
    expect(outside.statusCode).toBe(403);
    expect(outside.json().error.code).toBe('YB_ERR_OUT_OF_REGION');
    expect((await call(hzclerk, 'GET', `/institutions/${huzhou}/terminals`)).statusCode).toBe(200);
  });

  it('a clerk of the region and the administrator revoke at once; a reviewer and another region may not', async () => {
    const a = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: own.code });
    const b = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: neighbour, kind: 'face' });

    for (const user of ['reviewer', 'hzclerk']) {
      const res = await revoke(await t.login(user), a.devNo);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe(user === 'reviewer' ? 'YB_ERR_FORBIDDEN' : 'YB_ERR_OUT_OF_REGION');
    }
    expect(await statusOf(a.devNo)).toBe('active');

    const byClerk = await revoke(await t.login('clerk'), a.devNo, '机构申请停用');
    expect(byClerk.json()).toMatchObject({ status: 'revoked', revokedBy: 'clerk' });
    expect((await signIn(a)).body.err_msg).toContain('终端已注销');

    const byAdmin = await revoke(await t.login('admin'), b.devNo, '违规使用');
    expect(byAdmin.json()).toMatchObject({ status: 'revoked', revokedBy: 'admin', revokeReason: '违规使用' });
    expect((await signIn(b)).body.err_msg).toContain('终端已注销');
  });

  it('a clerk registers for an institution of the region', async () => {
    const res = await register(await t.login('clerk'), neighbour, { kind: 'counter', location: '收费处' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().fixmedinsCode).toBe(neighbour);
    const listed = (await call(await t.login('clerk'), 'GET', `/institutions/${neighbour}/terminals`)).json();
    expect(listed.items.find((x: { devNo: string }) => x.devNo === res.json().devNo)?.createdBy).toBe(
      'clerk',
    );
    const outside = await register(await t.login('hzclerk'), neighbour);
    expect(outside.statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the three routes, and no secret in the list', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const list = doc.paths['/api/v1/institutions/{code}/terminals'];
    expect(list.get.tags).toEqual(['gateway']);
    expect(list.post.responses).toHaveProperty(['201']);
    expect(doc.paths).toHaveProperty(['/api/v1/terminals/{devNo}/revoke']);
    const item = list.get.responses['200'].content['application/json'].schema.properties.items.items;
    expect(Object.keys(item.properties)).not.toContain('passToken');
    expect(Object.keys(item.properties)).not.toContain('secretKey');
  });
});
