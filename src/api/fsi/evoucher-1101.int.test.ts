import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { HisCredentials } from '../../cli/his-client.js';
import { maskName } from '../../domain/identity/mask.js';
import { type Actor, SYSTEM_ACTOR } from '../../services/actor.js';
import { actorOf, toPublicUser } from '../../services/auth/auth-service.js';
import { EVoucherService } from '../../services/evoucher/evoucher-service.js';
import { sendHis } from './fsi-test-kit.js';

/** 1101 with mdtrt_cert_type 01: the scanned e-voucher code names the person, or is refused. */
let t: TestApp;
let creds: HisCredentials;
let holder: Actor;
let proxy: Actor;
let me: { id: number; certno: string; name: string; psn_no: string };
let kin: { id: number; name: string; relation: string };
const at = { inf_time: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ') };

async function actorFor(username: string): Promise<Actor> {
  const u = await t.database.db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  return actorOf(toPublicUser(u));
}

const by = (certType: string, certNo: string) =>
  sendHis(t, creds, '1101', { data: { mdtrt_cert_type: certType, mdtrt_cert_no: certNo } }, { envelope: at });

async function counts() {
  const db = t.database.db;
  const n = async (table: 'e_voucher_scans' | 'access_log' | 'gateway_messages') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    scans: await n('e_voucher_scans'),
    reads: await n('access_log'),
    messages: await n('gateway_messages'),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const hospital = await db
    .selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .select(['i.code'])
    .where('u.username', '=', 'hospital')
    .executeTakeFirstOrThrow();
  creds = await t.services.terminals.register(SYSTEM_ACTOR, {
    institutionCode: hospital.code,
    location: '挂号 2 号窗',
  });
  holder = await actorFor('insured');
  me = await db
    .selectFrom('persons')
    .select(['id', 'certno', 'name', 'psn_no'])
    .where('id', '=', holder.personId!)
    .executeTakeFirstOrThrow();
  kin = await db
    .selectFrom('person_relations as r')
    .innerJoin('persons as p', 'p.id', 'r.relative_id')
    .select(['p.id', 'p.name', 'r.relation'])
    .where('r.person_id', '=', me.id)
    .orderBy('p.id')
    .executeTakeFirstOrThrow();
  await t.services.auth.addUser(SYSTEM_ACTOR, {
    username: 'ev1101kin',
    password: 'ev1101kin-pass',
    displayName: kin.name,
    role: 'insured',
    personId: kin.id,
  });
  proxy = await actorFor('ev1101kin');
  await t.services.eVouchers.activate(holder, { certno: me.certno, name: me.name, password: 'insured123' });
});
afterAll(async () => {
  await t?.close();
});

describe('HIS gateway 1101 with an e-voucher code (mdtrt_cert_type 01)', () => {
  it('identifies the person as the ID-number lookup does, twice within the code’s life', async () => {
    const { token } = await t.services.eVouchers.issueToken(holder);
    const byId = await by('02', me.certno);
    const before = await counts();
    for (let i = 0; i < 2; i++) {
      const res = await by('01', token);
      expect(res.body.infcode, res.body.err_msg).toBe(0);
      expect(res.body.output).toEqual(byId.body.output);
      expect(res.body.output.baseinfo).toMatchObject({
        psn_no: me.psn_no,
        certno: me.certno,
        exp_content: null,
      });
    }
    const after = await counts();
    expect(after).toEqual({
      scans: before.scans + 2,
      reads: before.reads + 2,
      messages: before.messages + 2,
    });
    const scan = await t.database.db
      .selectFrom('e_voucher_scans')
      .select(['channel', 'grant_id', 'institution_id'])
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(scan).toMatchObject({ channel: 'fsi:1101', grant_id: null, institution_id: expect.any(Number) });
  });

  it('checks psn_name against the person the code names', async () => {
    const { token } = await t.services.eVouchers.issueToken(holder);
    const res = await sendHis(
      t,
      creds,
      '1101',
      { data: { mdtrt_cert_type: '01', mdtrt_cert_no: token, psn_name: `${me.name}甲` } },
      { envelope: at },
    );
    expect(res.body.infcode).toBe(-1);
    expect(res.body.err_msg).toContain('input.data.psn_name');
  });

  it('refuses expired, forged and tampered codes with a clear err_msg, changing nothing', async () => {
    const past = new EVoucherService(
      t.database.db,
      t.services.persons,
      t.secrets,
      () => Date.now() - 5 * 60_000,
    );
    const future = new EVoucherService(
      t.database.db,
      t.services.persons,
      t.secrets,
      () => Date.now() + 5 * 60_000,
    );
    const { token } = await t.services.eVouchers.issueToken(holder);
    const parts = token.split('.');
    const cases: [string, string, string][] = [
      ['expired', (await past.issueToken(holder)).token, '电子凭证二维码已过期'],
      ['issued in the future', (await future.issueToken(holder)).token, '电子凭证二维码无效'],
      ['forged MAC', `${parts.slice(0, 5).join('.')}.${'Q'.repeat(20)}`, '电子凭证二维码无效'],
      ['unknown voucher', [parts[0], 'ZZZZ', ...parts.slice(2)].join('.'), '电子凭证二维码无效'],
      [
        'tampered issued-at',
        [
          ...parts.slice(0, 3),
          (Number.parseInt(parts[3]!, 36) + 60).toString(36).toUpperCase(),
          ...parts.slice(4),
        ].join('.'),
        '电子凭证二维码无效',
      ],
      ['tampered grant', [parts[0], parts[1], '1', ...parts.slice(3)].join('.'), '电子凭证二维码无效'],
      ['not a token', me.certno, '电子凭证二维码无效'],
    ];
    const before = await counts();
    for (const [what, scanned, message] of cases) {
      const res = await by('01', scanned);
      expect(res.status, what).toBe(200);
      expect(res.body.infcode, what).toBe(-1);
      expect(res.body.err_msg, what).toContain(message);
      expect(res.body.output, what).toBeNull();
    }
    expect(await counts()).toEqual(before);
  });

  it('identifies the holder when a close relative shows the code, noting who showed it', async () => {
    await t.services.eVouchers.grant(holder, kin.id);
    const [allowed] = await t.services.eVouchers.shownFor(proxy);
    const { token } = await t.services.eVouchers.issueProxyToken(proxy, allowed!.grantId);
    const res = await by('01', token);
    expect(res.body.infcode, res.body.err_msg).toBe(0);
    expect(res.body.output.baseinfo.psn_no).toBe(me.psn_no);
    expect(JSON.parse(res.body.output.baseinfo.exp_content)).toEqual({
      ec_show_type: 'proxy',
      ec_show_psn_name: maskName(kin.name),
      ec_show_rlts: kin.relation,
    });
    expect(res.body.output.baseinfo.exp_content).not.toContain(kin.name.length > 1 ? kin.name : '\u0000');

    await t.services.eVouchers.revokeGrant(holder, allowed!.grantId);
    const after = await by('01', token);
    expect(after.body.infcode).toBe(-1);
    expect(after.body.err_msg).toContain('代展授权已撤销');
  });

  it('refuses codes of a revoked e-voucher', async () => {
    const { token } = await t.services.eVouchers.issueToken(holder);
    expect((await by('01', token)).body.infcode).toBe(0);
    await t.services.eVouchers.revoke(holder, 'test');
    const before = await counts();
    const res = await by('01', token);
    expect(res.body.infcode).toBe(-1);
    expect(res.body.err_msg).toContain('电子凭证已注销');
    expect(await counts()).toEqual(before);
  });
});
