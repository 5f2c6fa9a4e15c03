import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, signIn } from './browser.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('sign-in in the browser', () => {
  it.each([
    ['admin', 'admin', 'admin123'],
    ['clerk', 'agency_clerk', 'clerk123'],
    ['reviewer', 'agency_reviewer', 'reviewer123'],
    ['hospital', 'institution_operator', 'hospital123'],
    ['employer', 'employer_clerk', 'employer123'],
    ['insured', 'insured', 'insured123'],
  ])('%s reaches the layout of role %s', async (username, role, password) => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, username, password);
    expect(await page.getByTestId('user-role').getAttribute('data-role')).toBe(role);
    await page.close();
  });

  it('shows the refusal for a wrong password and stays on the sign-in page', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('login-username').fill('clerk');
    await page.getByTestId('login-password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await page.getByText('用户名或密码错误').first().waitFor({ timeout: 15_000 });
    expect(page.url()).toContain('/login');
    await page.close();
  });

  it('lets a clerk find a person and open the record', async () => {
    const page = await browser.newPage();
    await signIn(page, baseUrl, 'clerk', 'clerk123');
    await page.goto(`${baseUrl}/agency/persons`);
    const firstRow = page.locator('.ant-table-row').first();
    await firstRow.waitFor({ timeout: 30_000 });
    expect(await page.locator('.ant-table-row').count()).toBeGreaterThan(0);
    await firstRow.locator('a').first().click();
    await page.waitForURL(/\/agency\/persons\/\d+/, { timeout: 30_000 });
    await page.getByText('参保信息').first().waitFor({ timeout: 30_000 });
    // Agency staff see the full ID number on the record page; opening it wrote the access log.
    const log = await page.request.get(`${baseUrl}/api/v1/access-log`);
    expect(log.status()).toBe(403); // a clerk may not read the access log itself
    await page.close();
  });
});
