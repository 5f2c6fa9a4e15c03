import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { type HisCredentials, prepareHisRequest, signedHeaders } from '../../cli/his-client.js';
import { SYSTEM_ACTOR } from '../../services/actor.js';
import { TRANSACTIONS } from '../../services/gateway/transactions/index.js';
import { sealStoredSecrets } from '../../services/secrets/seal-stored.js';
import { SecretBox } from '../../services/secrets/secret-box.js';
import { businessCounts, sendHis } from './fsi-test-kit.js';

/** Forged, stale, replayed, revoked and foreign requests are refused, logged, and change nothing. */
let t: TestApp;
let own: HisCredentials;
let other: HisCredentials;
let person: { psn_no: string; certno: string };
const DATE = '2026-06-10';
const registerInput = () => ({
  data: {
    psn_no: person.psn_no,
    insutype: '310',
    begntime: `${DATE} 09:00:00`,
    mdtrt_cert_type: '02',
    mdtrt_cert_no: person.certno,
    ipt_otp_no: 'MZ9',
  },
});

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code', 'i.id'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  const another = await db
    .selectFrom('institutions')
    .select('code')
    .where('id', '!=', hospital.id)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  own = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: hospital.code });
  other = await t.services.terminals.register(SYSTEM_ACTOR, { institutionCode: another.code, kind: 'kiosk' });
  person = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.psn_no', 'p.certno'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await t?.close();
});

const rejections = async () =>
  await t.database.db
    .selectFrom('gateway_rejections')
    .select(['reason', 'dev_no', 'paasid', 'msgid'])
    .orderBy('id')
    .execute();

async function expectRefused(send: () => ReturnType<typeof sendHis>, reason: string, text: string) {
  const before = await businessCounts(t);
  const logged = (await rejections()).length;
  const res = await send();
  expect(res.body.infcode).toBe(-1);
  expect(res.body.err_msg).toContain(text);
  expect(await businessCounts(t)).toEqual(before);
  const log = await rejections();
  expect(log.length).toBe(logged + 1);
  expect(log.at(-1)!.reason).toBe(reason);
}

describe('HIS gateway: signed headers', () => {
  it('accepts a correctly signed request under either scheme', async () => {
    for (const scheme of ['tif', 'api'] as const) {
      const res = await sendHis(t, own, '2201', registerInput(), {
        scheme,
        envelope: { inf_time: `${DATE} 09:00:00` },
      });
      expect(res.body.infcode, res.body.err_msg).toBe(0);
    }
  });

  it('refuses a forged signature', async () => {
    await expectRefused(
      () => sendHis(t, { ...own, passToken: 'not-the-token' }, '2201', registerInput()),
      'badSignature',
      '签名不一致',
    );
    await expectRefused(
      () => sendHis(t, { ...own, secretKey: 'not-the-secret' }, '2201', registerInput(), { scheme: 'api' }),
      'badSignature',
      '签名不一致',
    );
  });

  it('refuses a timestamp outside ±300 s', async () => {
    await expectRefused(
      () => sendHis(t, own, '2201', registerInput(), { nowMs: Date.now() - 301_000 }),
      'staleTimestamp',
      '签名时间戳超时',
    );
    await expectRefused(
      () => sendHis(t, own, '2201', registerInput(), { nowMs: Date.now() + 400_000, scheme: 'api' }),
      'staleTimestamp',
      '签名时间戳超时',
    );
  });

  it('refuses a reused nonce (replay) even with a fresh msgid', async () => {
    const nonce = `nonce-${Date.now()}`;
    const first = await sendHis(t, own, '9001', { signIn: { opter_no: '1', ip: '1.1.1.1' } }, { nonce });
    expect(first.body.infcode).toBe(0);
    await expectRefused(() => sendHis(t, own, '2201', registerInput(), { nonce }), 'replayedNonce', '重放');
  });

  it('keeps a nonce for twice the window, then clears it on a later request', async () => {
    const nonces = async () =>
      (await t.database.db.selectFrom('gateway_nonces').select('nonce').execute()).map((r) => r.nonce);
    const t0 = Date.now() + 3_600_000;
    const at = (nowMs: number, nonce: string) =>
      t.services.terminals.verify(signedHeaders(own, 'tif', { nowMs, nonce }), nowMs);
    expect((await at(t0, 'sweep-a')).ok).toBe(true);
    expect((await at(t0 + 1_000, 'sweep-a')).ok).toBe(false);
    expect(await nonces()).toContain('sweep-a');
    expect((await at(t0 + 120_000, 'sweep-c')).ok).toBe(true);
    // 11 minutes on, the nonce is older than twice the ±300 s window: the next request sweeps it.
    expect((await at(t0 + 660_000, 'sweep-b')).ok).toBe(true);
    const left = await nonces();
    expect(left).not.toContain('sweep-a');
    expect(left).toContain('sweep-b');
    expect(left).toContain('sweep-c');
  });

  it('stores the terminal secrets sealed, and seals ones stored in clear by an older version', async () => {
    const db = t.database.db;
    const row = await db
      .selectFrom('terminals')
      .select(['id', 'pass_token', 'secret_key'])
      .where('paasid', '=', own.paasid!)
      .executeTakeFirstOrThrow();
    expect(row.pass_token).not.toContain(own.passToken!);
    expect(row.secret_key).not.toContain(own.secretKey!);
    expect(SecretBox.isSealed(row.pass_token) && SecretBox.isSealed(row.secret_key)).toBe(true);
    // as a version before encryption at rest left it: in clear
    await db
      .updateTable('terminals')
      .set({ pass_token: own.passToken!, secret_key: own.secretKey! })
      .where('id', '=', row.id)
      .execute();
    expect((await sendHis(t, own, '9001', { signIn: { opter_no: '1', ip: '1.1.1.1' } })).body.infcode).toBe(
      0,
    );
    expect(await sealStoredSecrets(db, t.secrets)).toBeGreaterThanOrEqual(1);
    expect(await sealStoredSecrets(db, t.secrets)).toBe(0);
    const after = await db
      .selectFrom('terminals')
      .select(['pass_token', 'secret_key'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(SecretBox.isSealed(after.pass_token) && SecretBox.isSealed(after.secret_key)).toBe(true);
    for (const scheme of ['tif', 'api'] as const)
      expect(
        (await sendHis(t, own, '9001', { signIn: { opter_no: '1', ip: '1.1.1.1' } }, { scheme })).body
          .infcode,
      ).toBe(0);
  });

  it('refuses missing headers and unknown credentials', async () => {
    const before = (await rejections()).length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/fsi/api/rsfComIfsService/callService',
      payload: '{}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().err_msg).toContain('缺少服务网关的请求头');
    await expectRefused(
      () => sendHis(t, { ...own, paasid: 'nobody' }, '2201', registerInput()),
      'unknownTerminal',
      '非法用户',
    );
    expect((await rejections()).length).toBe(before + 2);
  });

  it('refuses a terminal acting for another institution', async () => {
    await expectRefused(
      () => sendHis(t, other, '2201', registerInput(), { envelope: { fixmedins_code: own.fixmedinsCode } }),
      'institutionMismatch',
      'fixmedins_code',
    );
  });

  it('refuses a revoked terminal at once', async () => {
    const spare = await t.services.terminals.register(SYSTEM_ACTOR, {
      institutionCode: own.fixmedinsCode!,
      kind: 'mobile',
    });
    const ok = await sendHis(t, spare, '9001', { signIn: { opter_no: '1', ip: '1.1.1.1' } });
    expect(ok.body.infcode).toBe(0);
    await t.services.terminals.revoke(SYSTEM_ACTOR, spare.devNo!, 'lost');
    await expectRefused(() => sendHis(t, spare, '2201', registerInput()), 'revokedTerminal', '终端已注销');
    const listed = await t.services.terminals.list(SYSTEM_ACTOR, own.fixmedinsCode!);
    expect(listed.find((x) => x.devNo === spare.devNo)?.status).toBe('revoked');
    expect(JSON.stringify(listed)).not.toContain(spare.secretKey!);
    expect(JSON.stringify(listed)).not.toContain(spare.passToken!);
  });
});

describe('HIS gateway: malformed messages', () => {
  it('answers two thousand malformed messages to every transaction with HTTP 200 and infcode -1, changing nothing', async () => {
    const before = await businessCounts(t);
    // every transaction the gateway answers, and codes it does not
    const infnos = [...Object.keys(TRANSACTIONS), '0000', 'abcd', '99999'];
    const wireValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.boolean(),
      fc.constant(person.psn_no),
      fc.constant('1'),
      fc.constant('0000'),
    );
    const input = fc.oneof(
      fc.dictionary(fc.constantFrom('data', 'feedetail', 'mdtrtinfo', 'signOut', 'x'), fc.anything(), {
        maxKeys: 3,
      }),
      fc.record({
        data: fc.dictionary(
          fc.constantFrom(
            'psn_no',
            'mdtrt_id',
            'setl_id',
            'mdtrt_cert_type',
            'mdtrt_cert_no',
            'medfee_sumamt',
            'chrg_bchno',
            'begntime',
            'insutype',
            'med_type',
          ),
          wireValue,
        ),
      }),
      fc.record({
        feedetail: fc.array(
          fc.dictionary(
            fc.constantFrom(
              'feedetl_sn',
              'mdtrt_id',
              'psn_no',
              'cnt',
              'pric',
              'det_item_fee_sumamt',
              'med_list_codg',
              'fee_ocur_time',
              'chrg_bchno',
            ),
            wireValue,
          ),
          { maxLength: 3 },
        ),
      }),
    );
    const envelopeOverride = fc.dictionary(
      fc.constantFrom(
        'infno',
        'msgid',
        'inf_time',
        'opter_type',
        'fixmedins_code',
        'mdtrtarea_admvs',
        'input',
        'infver',
      ),
      fc.oneof(wireValue, fc.anything()),
      { maxKeys: 2 },
    );
    const body = fc.oneof(
      fc.record({
        kind: fc.constant('envelope' as const),
        infno: fc.constantFrom(...infnos),
        input,
        override: envelopeOverride,
      }),
      fc.record({
        kind: fc.constant('raw' as const),
        raw: fc.oneof(fc.string(), fc.json(), fc.constant('null'), fc.constant('[]')),
      }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        n += 1;
        const req = prepareHisRequest({
          baseUrl: '',
          credentials: own,
          scheme: n % 2 ? 'tif' : 'api',
          infno: b.kind === 'envelope' ? b.infno : '1101',
          input: b.kind === 'envelope' ? (b.input as Record<string, unknown>) : {},
          msgid: `FUZZ${n}`,
          ...(b.kind === 'envelope' ? { envelope: b.override } : {}),
          nowMs: Date.now() + n, // _api_ replay key is the millisecond timestamp
        });
        const res = await t.app.inject({
          method: 'POST',
          url: req.path,
          headers: req.headers,
          payload: b.kind === 'raw' ? b.raw : req.body,
        });
        expect(res.statusCode).toBe(200);
        const answer = res.json();
        expect([0, -1]).toContain(answer.infcode);
      }),
      { numRuns: 2000, seed: 4242 },
    );
    expect(await businessCounts(t)).toEqual(before);
  });
});
