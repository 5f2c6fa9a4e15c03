import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn } from './browser.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage();
  await signIn(page, baseUrl, 'clerk', 'clerk123');
});
afterAll(async () => {
  await browser?.close();
});

const HEADER =
  'code,kind,name,genericName,specification,dosageForm,unit,manufacturer,itemClass,firstSelfPayRatio,paymentStandard,restrictSex,restrictAgeMin,restrictAgeMax,restrictMinLevel,restrictIndication,quantityLimit,negotiated,dualChannel,validFrom,validTo';

async function versionCount(): Promise<number> {
  const res = await page.request.get(`${baseUrl}/api/v1/catalogue/versions?regionCode=370300`);
  return (await res.json()).items.length;
}

async function importFile(name: string, csv: string): Promise<void> {
  await page.goto(`${baseUrl}/agency/catalogue`);
  await page.getByTestId('catalogue-import-open').click();
  const modal = page.getByTestId('catalogue-import-modal');
  await modal.waitFor();
  await modal
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('catalogue-import-submit').click();
}

describe('catalogue import screen', () => {
  it('refuses a bad file with row-level reasons and imports nothing', async () => {
    const before = await versionCount();
    await importFile(
      'bad.csv',
      `${HEADER}\nXE2E00000000000000000001,drug,甲药,甲药,1g,片剂,盒,某厂,A,,1.00,,,,,,,N,N,2026-01-01,\nXE2E00000000000000000002,drug,坏药,坏药,1g,片剂,盒,某厂,D,,1.005,,,,,,,N,N,2026-01-01,\n`,
    );
    const errors = page.getByTestId('catalogue-import-errors');
    await errors.waitFor({ timeout: 30_000 });
    const text = (await errors.textContent()) ?? '';
    expect(text).toContain('未导入任何数据');
    expect(text).toContain('itemClass');
    expect(text).toContain('paymentStandard');
    expect(await errors.locator('td', { hasText: /^3$/ }).count()).toBeGreaterThan(0); // the bad row's line
    expect(await versionCount()).toBe(before);
  });

  it('imports a good file as a new version', async () => {
    const before = await versionCount();
    await importFile(
      'good.csv',
      `${HEADER}\nXE2E00000000000000000003,drug,测试乙药,测试乙药,10mg*10片,片剂,盒,某厂,B,10%,23.40,,,,,,,Y,N,2026-01-01,\n`,
    );
    await page.getByTestId('catalogue-import-success').waitFor({ timeout: 30_000 });
    expect(await versionCount()).toBe(before + 1);
    const item = await page.request.get(
      `${baseUrl}/api/v1/catalogue/items/XE2E00000000000000000003?regionCode=370300&date=2099-01-01`,
    );
    expect(await item.json()).toMatchObject({
      itemClass: 'B',
      firstSelfPayBp: 1000,
      paymentStandard: 2340,
      negotiated: true,
    });
  });
});
