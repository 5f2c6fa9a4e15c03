import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn } from './browser.js';

/** 医保电子凭证 in the browser: activate in the hall, see the rotating QR, show it for a relative, scan it at the counter. */
const baseUrl = inject('baseUrl');
let browser: Browser;
let me: { id: number; name: string; certno: string; relatives: { personId: number; name: string }[] };
let kin: { personId: number; name: string };

beforeAll(async () => {
  browser = await launchBrowser();
  const admin = await browser.newPage();
  await signIn(admin, baseUrl, 'admin', 'admin123');
  const users = (await (await admin.request.get(`${baseUrl}/api/v1/users`)).json()).items as {
    username: string;
    personId: number;
  }[];
  const personId = users.find((u) => u.username === 'insured')!.personId;
  me = await (await admin.request.get(`${baseUrl}/api/v1/persons/${personId}`)).json();
  kin = me.relatives[0]!;
  // The relative gets a hall account of their own.
  const created = await admin.request.post(`${baseUrl}/api/v1/users`, {
    data: {
      username: 'evkin',
      password: 'evkin-pass',
      displayName: kin.name,
      role: 'insured',
      personId: kin.personId,
    },
  });
  expect(created.status()).toBe(201);
  await admin.close();
});
afterAll(async () => {
  await browser?.close();
});

async function tokenShown(page: Page, testId: string): Promise<string> {
  const text = page.getByTestId(`${testId}-token`);
  await text.waitFor({ timeout: 30_000 });
  return ((await text.textContent()) ?? '').trim();
}

describe('e-voucher in the hall', () => {
  let token: string;

  it('refuses a wrong password, then activates and shows a QR code with a countdown', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, 'insured', 'insured123');
    await page.goto(`${baseUrl}/hall/e-voucher`);
    await page.getByTestId('evoucher-certno').fill(me.certno);
    await page.getByTestId('evoucher-name').fill(me.name);
    await page.getByTestId('evoucher-password').fill('not-my-password');
    await page.getByTestId('evoucher-activate').click();
    await page
      .getByTestId('evoucher-activate-error')
      .getByText('身份核验未通过')
      .waitFor({ timeout: 30_000 });

    await page.getByTestId('evoucher-password').fill('insured123');
    await page.getByTestId('evoucher-activate').click();
    await page.getByTestId('evoucher-code').locator('svg').first().waitFor({ timeout: 30_000 });
    token = await tokenShown(page, 'evoucher-code');
    expect(token).toMatch(/^EV1\.[0-9A-Z.]+$/);
    expect(token).not.toContain(me.certno);
    await expect
      .poll(async () => (await page.getByTestId('evoucher-code-countdown').textContent()) ?? '', {
        timeout: 10_000,
      })
      .toMatch(/\d+ 秒后自动刷新/);

    // Allow the relative to show my code.
    await page.getByTestId(`evoucher-grant-${kin.personId}`).click();
    await page.getByTestId(`evoucher-revoke-grant-${kin.personId}`).waitFor({ timeout: 30_000 });
    await page.close();
  });

  it('lets the relative show my code, and the counter scan it, seeing who showed it', async () => {
    const relative = await browser.newPage();
    await signIn(relative, baseUrl, 'evkin', 'evkin-pass');
    await relative.goto(`${baseUrl}/hall/proxy-codes`);
    const show = relative.locator('[data-testid^="evoucher-show-for-"]').first();
    await show.waitFor({ timeout: 30_000 });
    expect(await relative.getByTestId('evoucher-shown-for').textContent()).toContain(me.name);
    await show.click();
    await relative.getByTestId('evoucher-proxy-code').locator('svg').first().waitFor({ timeout: 30_000 });
    const proxyToken = await tokenShown(relative, 'evoucher-proxy-code');
    expect(proxyToken).not.toBe(token);
    await relative.close();

    const counter = await browser.newPage();
    await signIn(counter, baseUrl, 'hospital', 'hospital123');
    await counter.goto(`${baseUrl}/institution/settle`);
    // A scanner types the code and Enter.
    await counter.getByTestId('settle-person-query').fill(proxyToken);
    await counter.getByTestId('settle-person-query').press('Enter');
    await counter.getByTestId('settle-person').waitFor({ timeout: 30_000 });
    expect(await counter.getByTestId('settle-person').textContent()).toContain(me.name);
    expect(await counter.getByTestId('settle-person-evoucher').textContent()).toContain('代为出示');
    await counter.close();
  });
});
