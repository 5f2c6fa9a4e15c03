import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { makeCertno } from '../../domain/identity/certno.js';
import { makeUscc } from '../../domain/identity/uscc.js';

let t: TestApp;
let clerk: string;
beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
});

const count = async (table: 'persons' | 'enrolments' | 'employers' | 'history' | 'access_log') =>
  Number(
    (
      await t.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function get(url: string, cookie = clerk) {
  return t.app.inject({ method: 'GET', url, headers: { cookie } });
}
async function post(url: string, payload: unknown, cookie = clerk) {
  return t.app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } });
}

describe('persons', () => {
  it("lists persons of the clerk's region only, with ID numbers masked", async () => {
    const res = await get('/api/v1/persons?pageSize=50');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(500);
    for (const p of body.items) {
      expect(p.regionCode.startsWith('3703')).toBe(true);
      expect(p.certnoMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(p).not.toHaveProperty('certno');
    }
  });

  it('shows one person with enrolments and relatives and logs the read', async () => {
    const list = (await get('/api/v1/persons?pageSize=200')).json();
    const before = await count('access_log');
    let found = false;
    for (const p of list.items) {
      const detail = (await get(`/api/v1/persons/${p.id}`)).json();
      if (detail.relatives.length > 0) {
        expect(detail.enrolments.length).toBeGreaterThan(0);
        expect(detail.certno).toMatch(/^\d{17}[\dX]$/);
        found = true;
        break;
      }
    }
    expect(found).toBe(true);
    expect(await count('access_log')).toBeGreaterThan(before);
  });

  it("refuses another region's person", async () => {
    const hz = (await get('/api/v1/persons?pageSize=1', await t.login('hzclerk'))).json().items[0];
    expect(hz.regionCode.startsWith('3305')).toBe(true);
    const res = await get(`/api/v1/persons/${hz.id}`);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('YB_ERR_OUT_OF_REGION');
  });

  it('registers a person, deriving birth date and sex from the ID number', async () => {
    const certno = makeCertno('370303', '1990-02-03', 77, 'M');
    const res = await post('/api/v1/persons', {
      certno,
      name: '测试人',
      regionCode: '370303',
      phone: '13900001111',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      name: '测试人',
      sex: 'M',
      birthDate: '1990-02-03',
      certno,
      phone: '139****1111',
    });
    expect(res.json().psnNo).toMatch(/^370303\d{10}$/);
    const dup = await post('/api/v1/persons', { certno, name: '测试人', regionCode: '370303' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('YB_ERR_DUPLICATE_CERTNO');
  });

  it('names every bad field and changes nothing', async () => {
    const persons = await count('persons');
    const history = await count('history');
    const certno = makeCertno('370303', '1990-02-03', 78, 'M');
    const wrongCheck = certno.slice(0, 17) + (certno[17] === '1' ? '2' : '1');
    const res = await post('/api/v1/persons', {
      certno: wrongCheck,
      name: '',
      regionCode: '3703',
      phone: '12',
    });
    expect(res.statusCode).toBe(400);
    const paths = res
      .json()
      .error.fields.map((f: { path: string }) => f.path)
      .sort();
    expect(paths).toEqual(expect.arrayContaining(['name', 'regionCode']));
    const semantic = await post('/api/v1/persons', {
      certno: wrongCheck,
      name: '王五',
      regionCode: '370303',
      phone: '12',
    });
    expect(
      semantic.json().error.fields.map((f: { path: string; code: string }) => `${f.path}:${f.code}`),
    ).toEqual(['certno:checkDigit', 'phone:format']);
    expect(await count('persons')).toBe(persons);
    expect(await count('history')).toBe(history);
  });

  it('lets an insured person read only their own record', async () => {
    const insured = await t.login('insured');
    const me = await get('/api/v1/me/person', insured);
    expect(me.statusCode).toBe(200);
    const other = (await get('/api/v1/persons?pageSize=5'))
      .json()
      .items.find((p: { id: number }) => p.id !== me.json().id);
    expect((await get(`/api/v1/persons/${other.id}`, insured)).statusCode).toBe(403);
  });

  it('lets an employer clerk see only their employees', async () => {
    const employer = await t.login('employer');
    const list = (await get('/api/v1/persons?pageSize=200', employer)).json();
    expect(list.total).toBeGreaterThan(0);
    const me = (await get('/api/v1/auth/me', employer)).json().user;
    const one = (await get(`/api/v1/persons/${list.items[0].id}`, employer)).json();
    expect(one.employerId).toBe(me.employerId);
    expect(one.certno).toContain('*');
  });
});

describe('enrolments', () => {
  it('ends resident insurance when the person joins employee insurance, with history', async () => {
    const residents = (
      await get('/api/v1/persons?insuranceType=390&category=adult_resident&pageSize=1')
    ).json();
    const person = residents.items[0];
    const employers = (await get('/api/v1/employers?pageSize=1&status=active')).json();
    const res = await post(`/api/v1/persons/${person.id}/enrolments`, {
      insuranceType: '310',
      category: 'employee_active',
      employerId: employers.items[0].id,
      startDate: '2026-12-01',
    });
    expect(res.statusCode).toBe(201);
    const detail = (await get(`/api/v1/persons/${person.id}`)).json();
    const active = detail.enrolments
      .filter((e: { status: string }) => e.status === 'active')
      .map((e: { insuranceType: string }) => e.insuranceType);
    expect(active).toContain('310');
    expect(active).not.toContain('390');
    const ended = detail.enrolments.find(
      (e: { insuranceType: string; status: string; endDate: string }) =>
        e.insuranceType === '390' && e.status === 'ended' && e.endDate === '2026-11-30',
    );
    expect(ended?.endReason).toBe('joined_employee_insurance');
    const history = (await get(`/api/v1/history?entityType=enrolment&entityId=${ended.id}`)).json();
    expect(history.items[0].changes.status).toEqual({ from: 'active', to: 'ended' });

    const back = await post(`/api/v1/persons/${person.id}/enrolments`, {
      insuranceType: '390',
      category: 'adult_resident',
      startDate: '2026-12-02',
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('YB_ERR_BASIC_ENROLMENT_CONFLICT');
  });

  it('keeps at most one active basic enrolment even when two requests race', async () => {
    const certno = makeCertno('370302', '2001-07-07', 55, 'F');
    const created = (
      await post('/api/v1/persons', { certno, name: '并发测试', regionCode: '370302' })
    ).json();
    const body = { insuranceType: '390', category: 'adult_resident', startDate: '2026-01-01' };
    const results = await Promise.all([
      post(`/api/v1/persons/${created.id}/enrolments`, body),
      post(`/api/v1/persons/${created.id}/enrolments`, body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });
});

describe('employers and institutions', () => {
  it('validates the unified social credit code', async () => {
    const uscc = makeUscc('370303', 'MA7T0E5X2');
    const bad = await post('/api/v1/employers', {
      regionCode: '370303',
      uscc: `${uscc.slice(0, 17)}${uscc[17] === '0' ? '1' : '0'}`,
      name: '测试公司',
      sizeClass: 'small',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0]).toMatchObject({ path: 'uscc', code: 'checkDigit' });
    const good = await post('/api/v1/employers', {
      regionCode: '370303',
      uscc,
      name: '淄博测试科技有限公司',
      sizeClass: 'small',
      contactPhone: '0533-2345678',
    });
    expect(good.statusCode).toBe(201);
    const deactivated = await post(`/api/v1/employers/${good.json().id}/deactivate`, {});
    expect(deactivated.json().status).toBe('inactive');
  });

  it('records a suspension penalty and suspends the agreement', async () => {
    const list = (await get('/api/v1/institutions?kind=pharmacy&agreementStatus=active')).json();
    const inst = list.items[0];
    const res = await post(
      `/api/v1/institutions/${inst.id}/penalties`,
      { date: '2026-11-01', kind: 'suspension', reason: '串换药品', endDate: '2027-01-31' },
      await t.login('reviewer'),
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().agreementStatus).toBe('suspended');
    expect(res.json().penalties[0]).toMatchObject({ kind: 'suspension', reason: '串换药品' });
  });

  it('keeps an institution operator to their own institution', async () => {
    const hospital = await t.login('hospital');
    const list = (await get('/api/v1/institutions', hospital)).json();
    expect(list.total).toBe(1);
    const all = (await get('/api/v1/institutions?pageSize=50')).json();
    const other = all.items.find((i: { id: number }) => i.id !== list.items[0].id);
    expect((await get(`/api/v1/institutions/${other.id}`, hospital)).statusCode).toBe(403);
  });

  it('lists regions from GB/T 2260', async () => {
    const res = (await get('/api/v1/regions?parentCode=370300&pageSize=50')).json();
    expect(res.items.map((r: { name: string }) => r.name)).toEqual(
      expect.arrayContaining(['张店区', '淄川区', '临淄区']),
    );
  });
});
