import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, preSettleOneLine, signIn } from './browser.js';

const baseUrl = inject('baseUrl');
let browser: Browser;
let counter: Page;
let hall: Page;
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
  // two sessions side by side: the counter and the patient's phone
  counter = await (await browser.newContext()).newPage();
  await signIn(counter, baseUrl, 'hospital', 'hospital123');
  hall = await (await browser.newContext()).newPage();
  await signIn(hall, baseUrl, 'insured', 'insured123');
});
afterAll(async () => {
  await browser?.close();
});

describe('mobile payment (支付不见面)', () => {
  it('the counter creates a payment order and a person pays the pending order in the public hall', async () => {
    // the counter: patient, visit, one line, pre-settle, then a mobile-payment order instead of settling
    const total = await preSettleOneLine(counter, baseUrl, certno, '布洛芬');
    await counter.getByTestId('settle-payment-create').click();
    const orderCard = counter.getByTestId('settle-payment-order');
    await orderCard.waitFor({ timeout: 30_000 });
    expect(await orderCard.getAttribute('data-status')).toBe('pending');
    const orderNo = (await counter.getByTestId('settle-payment-order-no').textContent())?.trim();
    expect(orderNo).toMatch(/^MP\d{8}[0-9A-F]{10}$/);

    // the person's phone: the public hall lists the order with its amounts; they pay it
    await hall.goto(`${baseUrl}/hall/payments`);
    const card = hall.locator(`[data-testid="pay-order"][data-order-no="${orderNo}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(
      Number(
        await card
          .getByTestId('pay-total')
          .textContent()
          .then((s) => s?.replace(/,/g, '')),
      ),
    ).toBe(total / 100);
    const cash = Number(await card.getByTestId('pay-cash').getAttribute('data-fen'));
    await card.getByTestId('pay-confirm').click();
    const result = hall.getByTestId('pay-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-status')).toBe('paid');

    const orders = (await (await hall.request.get(`${baseUrl}/api/v1/me/payment-orders`)).json()).items as {
      orderNo: string;
      status: string;
      channel: string;
      paidAmount: number;
      settlementId: number;
    }[];
    const paid = orders.find((o) => o.orderNo === orderNo)!;
    expect(paid).toMatchObject({ status: 'paid', channel: 'online', paidAmount: cash });
    const settlement = await (
      await hall.request.get(`${baseUrl}/api/v1/settlements/${paid.settlementId}`)
    ).json();
    expect(settlement).toMatchObject({ status: 'settled', total, cash });

    // the counter picks up the outcome: the settlement result is shown
    await counter.getByTestId('settle-payment-refresh').click();
    const settled = counter.getByTestId('settle-result');
    await settled.waitFor({ timeout: 30_000 });
    expect(await settled.getAttribute('data-status')).toBe('settled');
    expect((await counter.getByTestId('settle-setl-no').textContent())?.trim()).toBe(settlement.setlNo);
  });
});
