import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { callHis, type HisCredentials } from '../../src/cli/his-client.js';
import { launchBrowser, signIn } from './browser.js';

/** 终端管理: the hospital's IT staff register a HIS terminal, keep its credentials (shown once), and revoke it. */
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ acceptDownloads: true });
  await signIn(page, baseUrl, 'hospital', 'hospital123');
});
afterAll(async () => {
  await browser?.close();
});

const signInAtGateway = (credentials: HisCredentials) =>
  callHis({
    baseUrl,
    credentials,
    scheme: 'tif',
    infno: '9001',
    input: { signIn: { opter_no: '1', ip: '127.0.0.1' } },
  });

describe('terminals', () => {
  it('registers a terminal, shows its credentials once as a file the gateway accepts, and revokes it', async () => {
    await page.goto(`${baseUrl}/institution/terminals`);
    await page.getByTestId('terminal-register-open').click();
    await page.getByTestId('terminal-register-form').waitFor();
    await page.getByTestId('terminal-kind').click();
    await page.locator('.ant-select-item-option', { hasText: '自助机' }).click();
    await page.getByTestId('terminal-location').fill('门诊楼一层自助机 E2E');
    await page.getByTestId('terminal-register-submit').click();

    await page.getByTestId('terminal-credentials').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('terminal-credentials-download').click(),
    ]);
    const credentials = JSON.parse(
      fs.readFileSync(await download.path(), 'utf8'),
    ) as Required<HisCredentials>;
    expect(Object.keys(credentials)).toEqual([
      'devNo',
      'fixmedinsCode',
      'regionCode',
      'paasid',
      'passToken',
      'accessKey',
      'secretKey',
    ]);
    expect(await page.getByTestId('terminal-credential-secretKey').textContent()).toContain(
      credentials.secretKey,
    );
    expect((await signInAtGateway(credentials)).infcode).toBe(0);

    await page.getByTestId('terminal-credentials-close').click();
    await page.getByTestId('terminal-credentials').waitFor({ state: 'detached' });
    const row = page.locator(`tr[data-dev-no="${credentials.devNo}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('门诊楼一层自助机 E2E');
    // Once closed, the secrets are nowhere on the page.
    const html = await page.content();
    expect(html).not.toContain(credentials.passToken);
    expect(html).not.toContain(credentials.secretKey);

    await page.getByTestId(`terminal-revoke-${credentials.devNo}`).click();
    await page.getByTestId('terminal-revoke-reason').fill('自助机撤机');
    await page.getByTestId('terminal-revoke-submit').click();
    await page.locator(`tr[data-dev-no="${credentials.devNo}"][data-status="revoked"]`).waitFor();
    expect(await page.getByTestId(`terminal-revoke-reason-${credentials.devNo}`).textContent()).toContain(
      '自助机撤机',
    );
    const refused = await signInAtGateway(credentials);
    expect(refused.infcode).toBe(-1);
    expect(String(refused.err_msg)).toContain('终端已注销');
  });
});
