import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
let clerk: string;
beforeAll(async () => {
  t = await createTestApp();
  clerk = await t.login('clerk');
});
afterAll(async () => {
  await t?.close();
});

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer }) {
  const boundary = '----yibao-test-boundary';
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
  );
  parts.push(file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

async function importCsv(csv: string, effectiveFrom: string, cookie = clerk, regionCode = '370300') {
  const body = multipart(
    { regionCode, effectiveFrom, note: 'test' },
    { name: 'update.csv', type: 'text/csv', data: Buffer.from(csv) },
  );
  return t.app.inject({
    method: 'POST',
    url: '/api/v1/catalogue/imports',
    payload: body.payload,
    headers: { ...body.headers, cookie },
  });
}

const HEADER =
  'code,kind,name,genericName,specification,dosageForm,unit,manufacturer,itemClass,firstSelfPayRatio,paymentStandard,restrictSex,restrictAgeMin,restrictAgeMax,restrictMinLevel,restrictIndication,quantityLimit,negotiated,dualChannel,validFrom,validTo';

const itemsCount = async () =>
  Number(
    (
      await t.database.db
        .selectFrom('catalogue_items')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('catalogue', () => {
  it('has the demo catalogue with 布洛芬 and 对乙酰氨基酚', async () => {
    for (const q of ['布洛芬', '对乙酰氨基酚']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalogue/items?regionCode=370300&q=${encodeURIComponent(q)}`,
        headers: { cookie: clerk },
      });
      expect(res.json().total).toBeGreaterThan(0);
    }
  });

  it('imports a new version and looks items up by date', async () => {
    const item = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalogue/items?regionCode=370300&kind=drug&itemClass=A&pageSize=1',
        headers: { cookie: clerk },
      })
    ).json().items[0];
    const csv = `${HEADER}\n${item.code},drug,${item.name},${item.genericName},"${item.specification}",${item.dosageForm},${item.unit},${item.manufacturer},B,10%,99.99,,,,,,,N,N,2025-01-01,\nXTEST0000000000000000001,drug,测试新药片,测试新药,10mg*10片,片剂,盒,测试药业,B,0.2,12.34,,,,,,,Y,Y,2026-06-01,\n`;
    const res = await importCsv(csv, '2026-06-01');
    expect(res.statusCode).toBe(201);
    expect(res.json().version).toMatchObject({
      regionCode: '370300',
      rowCount: 2,
      effectiveFrom: '2026-06-01',
    });
    const before = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalogue/items/${item.code}?regionCode=370300&date=2026-05-31`,
        headers: { cookie: clerk },
      })
    ).json();
    const after = (
      await t.app.inject({
        method: 'GET',
        url: `/api/v1/catalogue/items/${item.code}?regionCode=370300&date=2026-06-01`,
        headers: { cookie: clerk },
      })
    ).json();
    expect(before.itemClass).toBe('A');
    expect(after).toMatchObject({ itemClass: 'B', firstSelfPayBp: 1000, paymentStandard: 9999 });
    const newer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalogue/items/XTEST0000000000000000001?regionCode=370300&date=2026-05-31',
      headers: { cookie: clerk },
    });
    expect(newer.statusCode).toBe(404);
    const versions = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalogue/versions?regionCode=370300',
        headers: { cookie: clerk },
      })
    ).json();
    expect(versions.items[0].versionNo).toBe(2);
  });

  it('refuses a file with bad rows, reporting each with its line and reason, and imports nothing', async () => {
    const before = await itemsCount();
    const csv = `${HEADER}\nXGOOD0000000000000000001,drug,好药,好药,1g,片剂,盒,某厂,A,,1.00,,,,,,,N,N,2026-01-01,\nXBAD00000000000000000002,pill,坏药,坏药,1g,片剂,盒,某厂,D,,1.005,,,,,,,N,N,2026-01-01,\nXGOOD0000000000000000001,drug,好药,好药,1g,片剂,盒,某厂,A,,1.00,,,,,,,N,N,2026/13/01,\n`;
    const res = await importCsv(csv, '2026-07-01');
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('YB_ERR_CATALOGUE_IMPORT_INVALID');
    expect(error.rows.map((r: { line: number; column: string }) => `${r.line}:${r.column}`)).toEqual([
      '3:kind',
      '3:itemClass',
      '3:paymentStandard',
      '4:validFrom',
    ]);
    expect(await itemsCount()).toBe(before);
  });

  it('imports XLSX and exports CSV and XLSX that import back', async () => {
    const csv = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalogue/export?regionCode=330500&format=csv&date=2026-01-01',
      headers: { cookie: clerk },
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/catalogue/export?regionCode=330500&format=xlsx&date=2026-01-01',
      headers: { cookie: clerk },
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = workbook.worksheets[0]!.rowCount - 1;
    const total = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalogue/items?regionCode=330500&date=2026-01-01',
        headers: { cookie: clerk },
      })
    ).json().total;
    expect(rows).toBe(total);

    const hz = await t.login('hzclerk');
    const body = multipart(
      { regionCode: '330500', effectiveFrom: '2026-03-01' },
      {
        name: 'full.xlsx',
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data: xlsx.rawPayload,
      },
    );
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalogue/imports',
      payload: body.payload,
      headers: { ...body.headers, cookie: hz },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().version.rowCount).toBe(total);
    const again = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalogue/items?regionCode=330500&date=2026-03-01&pageSize=200',
        headers: { cookie: hz },
      })
    ).json();
    const first = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/catalogue/items?regionCode=330500&date=2026-01-01&pageSize=200',
        headers: { cookie: hz },
      })
    ).json();
    const strip = (i: { versionNo: number }) => ({ ...i, versionNo: 0 });
    expect(again.items.map(strip)).toEqual(first.items.map(strip));
  });

  it('refuses imports from read-only roles and other regions', async () => {
    const reviewer = await t.login('reviewer');
    expect((await importCsv(`${HEADER}\n`, '2026-01-01', reviewer)).statusCode).toBe(403);
    expect((await importCsv(`${HEADER}\n`, '2026-01-01', clerk, '330500')).json().error.code).toBe(
      'YB_ERR_OUT_OF_REGION',
    );
  });

  it('answers unknown API paths with a structured 404', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('YB_ERR_NOT_FOUND');
  });
});
