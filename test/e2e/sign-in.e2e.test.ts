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
    ['admin', 'admin123', 'admin'],
    ['clerk', 'clerk123', 'agency_clerk'],
    ['reviewer', 'reviewer123', 'agency_reviewer'],
    ['hospital', 'hospital123', 'institution_operator'],
    ['employer', 'employer123', 'employer_clerk'],
    ['insured', 'insured123', 'insured'],
  ])('%s reaches the layout of role %s', async (username, password, role) => {
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
    await page.close();
  });
});
