import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { AppError } from '../../domain/errors/app-error.js';
import type { Actor } from '../actor.js';

/** 异地就医备案: filing, revoking, the active filing, and what a visit registration takes from it. */
let t: TestApp;
let person: { id: number; psn_no: string };
let other: { id: number };
let hzHospital: { id: number; code: string };
const clerk: Actor = {
  userId: null,
  username: 'test-clerk',
  role: 'agency_clerk',
  regionCodes: ['370300'],
  personId: null,
  employerId: null,
  institutionId: null,
};
const hzClerk: Actor = { ...clerk, username: 'test-hzclerk', regionCodes: ['330500'] };
const insured = (personId: number): Actor => ({
  ...clerk,
  username: 'test-insured',
  role: 'insured',
  regionCodes: [],
  personId,
});

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return `${e.code}${e.details.fields ? `:${e.details.fields[0]?.path}` : ''}`;
    throw e;
  }
  return 'ok';
}

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  const zibo = await db
    .selectFrom('persons as p')
    .innerJoin('enrolments as e', 'e.person_id', 'p.id')
    .select(['p.id', 'p.psn_no'])
    .where('e.insurance_type', '=', '310')
    .where('e.status', '=', 'active')
    .where('e.region_code', '=', '370300')
    .where('e.start_date', '<=', '2026-01-01')
    .orderBy('p.id')
    .limit(2)
    .execute();
  person = zibo[0]!;
  other = zibo[1]!;
  hzHospital = await db
    .selectFrom('institutions')
    .select(['id', 'code'])
    .where('region_code', 'like', '3305%')
    .where('kind', '=', 'hospital')
    .where('agreement_status', '=', 'active')
    .where('status', '=', 'active')
    .where('agreement_start', '<=', '2026-06-01')
    .where('agreement_end', '>=', '2026-12-31')
    .orderBy('id')
    .executeTakeFirstOrThrow();
});
afterAll(async () => {
  await t?.close();
});

describe('FilingService', () => {
  it('files long-term residence for the insured region, refuses overlaps and bad regions, and revokes', async () => {
    const f = await t.services.filings.create(clerk, {
      personId: person.id,
      careRegionCode: '330500',
      kind: 'longTermResidence',
      beginDate: '2026-03-01',
      reason: '异地安置退休',
    });
    expect(f).toMatchObject({
      regionCode: '370300',
      careRegionCode: '330500',
      kind: 'longTermResidence',
      kindName: '异地长期居住',
      crossRegion: 'filedLongTerm',
      endDate: null,
      status: 'active',
      psnNo: person.psn_no,
    });
    const history = await t.database.db
      .selectFrom('history')
      .select('action')
      .where('entity_type', '=', 'filing')
      .where('entity_id', '=', String(f.id))
      .execute();
    expect(history.map((h) => h.action)).toEqual(['create']);

    // One active filing at a time, whatever the place.
    expect(
      await code(
        t.services.filings.create(clerk, {
          personId: person.id,
          careRegionCode: '320500',
          kind: 'temporary',
          beginDate: '2026-07-01',
        }),
      ),
    ).toBe('YB_ERR_FILING_OVERLAP');
    // The care region may not be (or contain) the insured region, nor be a district.
    expect(
      await code(
        t.services.filings.create(clerk, {
          personId: other.id,
          careRegionCode: '370000',
          kind: 'temporary',
          beginDate: '2026-07-01',
        }),
      ),
    ).toBe('YB_ERR_VALIDATION:careRegionCode');
    expect(
      await code(
        t.services.filings.create(clerk, {
          personId: other.id,
          careRegionCode: '330502',
          kind: 'temporary',
          beginDate: '2026-07-01',
        }),
      ),
    ).toBe('YB_ERR_VALIDATION:careRegionCode');
    expect(
      await code(
        t.services.filings.create(clerk, {
          personId: other.id,
          careRegionCode: '330500',
          kind: 'temporary',
          beginDate: '2026-07-01',
          endDate: '2026-06-30',
        }),
      ),
    ).toBe('YB_ERR_VALIDATION:endDate');

    expect(await t.services.filings.activeFor(clerk, person.id, '330500', '2026-02-28')).toBeNull();
    expect((await t.services.filings.activeFor(clerk, person.id, '330500', '2030-01-01'))?.id).toBe(f.id);
    expect(await t.services.filings.activeFor(clerk, person.id, '320500', '2026-06-01')).toBeNull();

    // 湖州 staff see it (care region) but may not revoke it (not the insured region).
    expect(
      (await t.services.filings.list(hzClerk, { personId: person.id })).items.map((i) => i.id),
    ).toContain(f.id);
    expect(await code(t.services.filings.revoke(hzClerk, f.id, 'x'))).toBe('YB_ERR_OUT_OF_REGION');
    const revoked = await t.services.filings.revoke(clerk, f.id, '返回参保地居住');
    expect(revoked).toMatchObject({
      status: 'revoked',
      revokeReason: '返回参保地居住',
      revokedBy: 'test-clerk',
    });
    expect(await t.services.filings.activeFor(clerk, person.id, '330500', '2026-06-01')).toBeNull();
    expect(await code(t.services.filings.revoke(clerk, f.id, 'again'))).toBe('YB_ERR_STATE');
  });

  it('lets the insured person file for themselves only, and 湖州 staff not at all', async () => {
    const own = await t.services.filings.create(insured(other.id), {
      personId: other.id,
      careRegionCode: '330000',
      kind: 'temporary',
      beginDate: '2026-08-31',
    });
    expect(own).toMatchObject({
      careRegionCode: '330000',
      endDate: '2027-02-27',
      crossRegion: 'filedTemporary',
    });
    // A filing to the whole province covers its cities.
    expect(
      (await t.services.filings.activeFor(insured(other.id), other.id, '330500', '2026-09-01'))?.id,
    ).toBe(own.id);
    expect(
      await code(
        t.services.filings.create(insured(other.id), {
          personId: person.id,
          careRegionCode: '330500',
          kind: 'temporary',
          beginDate: '2027-06-01',
        }),
      ),
    ).toBe('YB_ERR_FORBIDDEN');
    expect(
      await code(
        t.services.filings.create(hzClerk, {
          personId: person.id,
          careRegionCode: '330500',
          kind: 'temporary',
          beginDate: '2027-06-01',
        }),
      ),
    ).toBe('YB_ERR_OUT_OF_REGION');
    expect((await t.services.filings.list(insured(other.id), {})).items.map((i) => i.personId)).toEqual([
      other.id,
    ]);
    expect(await t.services.filings.revoke(insured(other.id), own.id, '不再外出')).toMatchObject({
      status: 'revoked',
    });
  });

  it('gives a visit in the care region the filed status unless the request says otherwise', async () => {
    const operator: Actor = { ...clerk, username: 'test-hz', regionCodes: ['330500'] };
    const register = (crossRegion?: 'unfiledTemporary') =>
      t.services.visits.register(operator, {
        personId: person.id,
        institutionId: hzHospital.id,
        medType: '11',
        beginDate: '2026-10-10',
        ...(crossRegion ? { crossRegion } : {}),
      });
    expect((await register()).crossRegion).toBe('unfiledTemporary');
    await t.services.filings.create(clerk, {
      personId: person.id,
      careRegionCode: '330500',
      kind: 'referral',
      beginDate: '2026-10-01',
      referralInstitution: '湖州市中心医院',
    });
    const filed = await register();
    expect(filed).toMatchObject({
      regionCode: '330500',
      insuredRegionCode: '370300',
      crossRegion: 'filedTemporary',
    });
    expect((await register('unfiledTemporary')).crossRegion).toBe('unfiledTemporary');
  });
});

describe('REST /api/v1/filings', () => {
  it('creates, lists and revokes through the API, and publishes the schema in OpenAPI', async () => {
    const cookie = await t.login('clerk');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/filings',
      headers: { cookie },
      payload: {
        personId: other.id,
        careRegionCode: '330500',
        kind: 'longTermResidence',
        beginDate: '2028-01-01',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    expect(created.json()).toMatchObject({
      kind: 'longTermResidence',
      crossRegion: 'filedLongTerm',
      regionCode: '370300',
    });

    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/filings',
      headers: { cookie },
      payload: { personId: other.id, careRegionCode: '330500', kind: 'forever', beginDate: '2029-01-01' },
    });
    expect(bad.statusCode).toBe(400);

    const hz = await t.login('hzclerk');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/v1/filings',
      headers: { cookie: hz },
      payload: { personId: other.id, careRegionCode: '330500', kind: 'temporary', beginDate: '2029-01-01' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('YB_ERR_OUT_OF_REGION');

    const list = await t.app.inject({
      method: 'GET',
      url: `/api/v1/filings?personId=${other.id}&status=active`,
      headers: { cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([id]);

    const active = await t.app.inject({
      method: 'GET',
      url: `/api/v1/filings/active?personId=${other.id}&careRegionCode=330500&date=2028-05-01`,
      headers: { cookie },
    });
    expect(active.json().filing.id).toBe(id);

    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/filings/${id}/revoke`,
      headers: { cookie },
      payload: { reason: '撤销' },
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().status).toBe('revoked');

    const spec = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/filings', '/api/v1/filings/{id}/revoke', '/api/v1/filings/active']),
    );
  });
});
