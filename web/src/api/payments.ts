import { http } from './client';
import type { Breakdown } from './types';

/** Mobile payment (支付不见面) and credit payment (先诊疗后付费); see docs/mobile-payment.md. */
export type PaymentOrderStatus = 'pending' | 'paid' | 'declined' | 'cancelled' | 'expired';
export type CreditRefusal = 'notOffered' | 'category' | 'overdue' | 'limit';

export interface PaymentOrder {
  readonly id: number;
  readonly orderNo: string;
  readonly visitId: number;
  readonly personId: number;
  readonly personName: string;
  readonly institutionId: number;
  readonly institutionName: string;
  readonly medType: string;
  readonly regionCode: string;
  readonly policyId: string;
  readonly status: PaymentOrderStatus;
  /** fen */
  readonly total: number;
  readonly fundShare: number;
  readonly personShare: number;
  /** paid from the personal account when the person uses it */
  readonly accountShare: number;
  /** cash when the account is used; without it the cash is `personShare` */
  readonly cashWithAccount: number;
  readonly breakdown: Breakdown;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly repricedAt: string | null;
  readonly useAccount: boolean | null;
  readonly channel: 'online' | 'credit' | null;
  readonly paidAmount: number | null;
  readonly paidAt: string | null;
  readonly settlementId: number | null;
  readonly endedAt: string | null;
  readonly credit?: {
    readonly offered: boolean;
    readonly refusal: CreditRefusal | null;
    readonly available: number;
    readonly dueDays: number;
  };
}

export interface CreditDebt {
  readonly id: number;
  readonly settlementId: number;
  readonly setlNo: string;
  readonly institutionName: string;
  readonly orderId: number | null;
  readonly amount: number;
  readonly dueDate: string;
  /** void: the settlement was reversed, nothing is owed */
  readonly status: 'open' | 'paid' | 'void';
  readonly overdue: boolean;
  readonly createdAt: string;
  readonly paidAt: string | null;
}

export interface Notice {
  readonly id: number;
  readonly kind: string;
  readonly titleZh: string;
  readonly titleEn: string;
  readonly createdAt: string;
}

/** The institution turns the visit's pre-settlement into a payment order; the visit is held until it ends. */
export function createPaymentOrder(visitId: number): Promise<PaymentOrder> {
  return http.post(`/visits/${visitId}/payment-orders`, {});
}

export function listVisitPaymentOrders(
  visitId: number,
  signal?: AbortSignal,
): Promise<{ items: PaymentOrder[] }> {
  return http.get('/payment-orders', { visitId }, signal);
}

export function getPaymentOrder(id: number, signal?: AbortSignal): Promise<PaymentOrder> {
  return http.get(`/payment-orders/${id}`, undefined, signal);
}

export function cancelPaymentOrder(id: number): Promise<PaymentOrder> {
  return http.post(`/payment-orders/${id}/cancel`);
}

export function listMyPaymentOrders(signal?: AbortSignal): Promise<{ items: PaymentOrder[] }> {
  return http.get('/me/payment-orders', undefined, signal);
}

/** Confirms and pays; answers 409 YB_ERR_PAYMENT_FIGURES_CHANGED when the amounts changed (reload the order). */
export function confirmPaymentOrder(
  id: number,
  input: { useAccount: boolean; method: 'online' | 'credit' },
): Promise<PaymentOrder> {
  return http.post(`/me/payment-orders/${id}/confirm`, input);
}

export function declinePaymentOrder(id: number): Promise<PaymentOrder> {
  return http.post(`/me/payment-orders/${id}/decline`);
}

export function listMyDebts(signal?: AbortSignal): Promise<{ items: CreditDebt[] }> {
  return http.get('/me/credit-debts', undefined, signal);
}

export function payDebt(id: number): Promise<CreditDebt> {
  return http.post(`/me/credit-debts/${id}/pay`);
}

export function listMyNotices(signal?: AbortSignal): Promise<{ items: Notice[] }> {
  return http.get('/me/notifications', undefined, signal);
}
