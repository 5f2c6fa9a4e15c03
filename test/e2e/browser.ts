import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, headless, with the flags this closed network needs (Playwright gives it a fresh profile). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor({ timeout: 30_000 });
}

/**
 * At the settlement desk: finds the person, registers an outpatient visit (11), adds one line of
 * the catalogue item found by `item`, pre-settles, and returns the total shown, in fen.
 */
export async function preSettleOneLine(
  page: Page,
  baseUrl: string,
  person: string,
  item: string,
): Promise<number> {
  await page.goto(`${baseUrl}/institution/settle`);
  await page.getByTestId('settle-person-query').fill(person);
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
  await page.keyboard.type(item);
  // Wait for the search results, not the options shown before the search answered.
  const option = page.locator('.yb-item-option', { hasText: item }).first();
  await option.waitFor({ timeout: 30_000 });
  await option.click();
  // The chosen item is shown in the select and its payment standard fills the price before adding.
  await expect
    .poll(async () => (await page.getByTestId('settle-line-code').textContent()) ?? '', { timeout: 15_000 })
    .toContain(item);
  await expect
    .poll(async () => page.getByTestId('settle-line-price').inputValue(), { timeout: 15_000 })
    .not.toBe('');
  await page.getByTestId('settle-line-add').click();
  await page.locator('[data-testid="settle-lines"] .ant-table-row').first().waitFor({ timeout: 30_000 });
  await page.getByTestId('settle-presettle').click();
  await page.getByTestId('settle-breakdown').waitFor({ timeout: 30_000 });
  return Number(await page.getByTestId('settle-total').getAttribute('data-fen'));
}
