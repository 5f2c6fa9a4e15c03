import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { calculate } from '../../src/cli/calc.js';
import { launchBrowser, signIn } from './browser.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;
let certno: string;

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await browser.newPage();
  await signIn(admin, baseUrl, 'admin', 'admin123');
  const users = (await (await admin.request.get(`${baseUrl}/api/v1/users`)).json()).items as {
    username: string;
    personId: number;
  }[];
  const personId = users.find((u) => u.username === 'insured')!.personId;
  certno = (await (await admin.request.get(`${baseUrl}/api/v1/persons/${personId}`)).json()).certno;
  await admin.close();
  page = await browser.newPage();
  await signIn(page, baseUrl, 'hospital', 'hospital123');
});
afterAll(async () => {
  await browser?.close();
});

describe('settlement console', () => {
  it('settles a visit in the browser, and yibao calc gives the same breakdown for the same input', async () => {
    await page.goto(`${baseUrl}/institution/settle`);
    await page.getByTestId('settle-person-query').fill(certno);
    await page.getByTestId('settle-person-search').click();
    await page.getByTestId('settle-person').waitFor({ timeout: 30_000 });

    const medType = page.getByTestId('settle-med-type');
    if (!(await medType.textContent())?.includes('11')) {
      await medType.click();
      await page.locator('.ant-select-item-option', { hasText: /^11 / }).first().click();
    }
    await page.getByTestId('settle-register').click();
    await page.getByTestId('settle-visit').waitFor({ timeout: 30_000 });

    await page.getByTestId('settle-line-code').click();
    await page.keyboard.type('布洛芬');
    // Wait for the search results, not the options shown before the search answered.
    const option = page.locator('.yb-item-option', { hasText: '布洛芬' }).first();
    await option.waitFor({ timeout: 30_000 });
    await option.click();
    // The chosen item is shown in the select and its payment standard fills the price before adding.
    await expect
      .poll(async () => (await page.getByTestId('settle-line-code').textContent()) ?? '', { timeout: 15_000 })
      .toContain('布洛芬');
    await expect
      .poll(async () => page.getByTestId('settle-line-price').inputValue(), { timeout: 15_000 })
      .not.toBe('');
    await page.getByTestId('settle-line-add').click();
    await page.locator('[data-testid="settle-lines"] .ant-table-row').first().waitFor({ timeout: 30_000 });

    await page.getByTestId('settle-presettle').click();
    await page.getByTestId('settle-breakdown').waitFor({ timeout: 30_000 });
    const shownTotal = Number(await page.getByTestId('settle-total').getAttribute('data-fen'));
    await page.getByTestId('settle-confirm').click();
    const result = page.getByTestId('settle-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('settled');
    const setlNo = (await page.getByTestId('settle-setl-no').textContent())?.trim();
    expect(setlNo).toMatch(/^\d{14}\d{8}$/);

    const list = (await (await page.request.get(`${baseUrl}/api/v1/settlements?pageSize=50`)).json())
      .items as { id: number; setlNo: string; total: number }[];
    const settled = list.find((s) => s.setlNo === setlNo)!;
    expect(settled.total).toBe(shownTotal);
    const replay = await (
      await page.request.get(`${baseUrl}/api/v1/settlements/${settled.id}/replay`)
    ).json();
    const { breakdown } = calculate(replay.policy, replay.claim, replay.state);
    expect(JSON.parse(JSON.stringify(breakdown))).toEqual(replay.breakdown);

    const slip = await page.request.get(`${baseUrl}/api/v1/settlements/${settled.id}/slip.pdf`);
    expect(slip.headers()['content-type']).toBe('application/pdf');
  });
});
