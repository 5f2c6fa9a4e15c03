import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { calculate } from '../../src/cli/calc.js';
import { launchBrowser, preSettleOneLine, signIn } from './browser.js';

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
    const shownTotal = await preSettleOneLine(page, baseUrl, certno, '布洛芬');
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
