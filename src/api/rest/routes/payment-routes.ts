import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { AppError } from '../../../domain/errors/app-error.js';
import { actorOf401 } from '../auth-hook.js';
import { Breakdown, errors, Id, IdParams } from '../schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Fen = (description = 'fen') => Type.Integer({ description });
const OrderStatus = Type.Enum(['pending', 'paid', 'declined', 'cancelled', 'expired']);

export const PaymentOrder = Type.Object({
  id: Type.Integer(),
  orderNo: Type.String(),
  visitId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  medType: Type.String(),
  regionCode: Type.String(),
  policyId: Type.String(),
  status: OrderStatus,
  total: Fen(),
  fundShare: Fen('统筹等基金支付'),
  personShare: Fen('个人负担'),
  accountShare: Fen('个人账户支付 (when the account is used)'),
  cashWithAccount: Fen('现金 when the account is used; without it the cash is personShare'),
  breakdown: Breakdown,
  expiresAt: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.String(),
  repricedAt: Nullable(Type.String()),
  useAccount: Nullable(Type.Boolean()),
  channel: Nullable(Type.Enum(['online', 'credit'])),
  paidAmount: Nullable(Fen('cash paid online')),
  paidAt: Nullable(Type.String()),
  settlementId: Nullable(Type.Integer()),
  endedAt: Nullable(Type.String()),
  credit: Type.Optional(
    Type.Object({
      offered: Type.Boolean(),
      refusal: Nullable(Type.Enum(['notOffered', 'category', 'overdue', 'limit'])),
      available: Fen('how much more the person may owe'),
      dueDays: Type.Integer(),
    }),
  ),
});

const CreditDebt = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  settlementId: Type.Integer(),
  setlNo: Type.String(),
  institutionName: Type.String(),
  orderId: Nullable(Type.Integer()),
  amount: Fen(),
  dueDate: Type.String(),
  status: Type.Enum(['open', 'paid', 'void'], { description: 'void: the settlement was reversed' }),
  overdue: Type.Boolean(),
  createdAt: Type.String(),
  paidAt: Nullable(Type.String()),
});

const Notification = Type.Object({
  id: Type.Integer(),
  kind: Type.String({ description: 'debtDue | debtOverdue' }),
  subject: Type.String(),
  titleZh: Type.String(),
  titleEn: Type.String(),
  createdAt: Type.String(),
  readAt: Nullable(Type.String()),
});

/**
 * Mobile payment (支付不见面) and credit payment (先诊疗后付费). The national mobile-payment API
 * family (e-voucher SM2/SM4 envelopes) is not part of the HIS gateway, so these are REST only;
 * see docs/mobile-payment.md.
 */
export const paymentRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const tags = ['payment'];

  app.post(
    '/visits/:id/payment-orders',
    {
      schema: {
        tags,
        summary: 'Create a mobile payment order from a pre-settlement 发起移动支付 (holds the visit)',
        params: IdParams,
        body: Type.Object({
          ttlMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, description: 'default 30' })),
        }),
        response: { 201: PaymentOrder, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await services.payments.createOrder(actorOf401(request), request.params.id, request.body)),
  );
  app.get(
    '/payment-orders',
    {
      schema: {
        tags,
        summary: 'Payment orders 支付订单 (an institution sees its own)',
        querystring: Type.Object({ visitId: Type.Optional(Id), status: Type.Optional(OrderStatus) }),
        response: { 200: Type.Object({ items: Type.Array(PaymentOrder) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.payments.list(actorOf401(request), request.query),
  );
  app.get(
    '/payment-orders/:id',
    {
      schema: {
        tags,
        summary: 'One payment order (an overdue pending order is expired on read)',
        params: IdParams,
        response: { 200: PaymentOrder, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.payments.get(actorOf401(request), request.params.id),
  );
  app.post(
    '/payment-orders/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Withdraw a pending order 撤销支付订单 (the visit is released)',
        params: IdParams,
        response: { 200: PaymentOrder, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => services.payments.cancel(actorOf401(request), request.params.id),
  );

  app.get(
    '/me/payment-orders',
    {
      schema: {
        tags,
        summary: 'My payment orders 待支付',
        querystring: Type.Object({ status: Type.Optional(OrderStatus) }),
        response: { 200: Type.Object({ items: Type.Array(PaymentOrder) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = actorOf401(request);
      if (actor.role !== 'insured' || !actor.personId) throw new AppError('YB_ERR_FORBIDDEN');
      return services.payments.list(actor, request.query);
    },
  );
  app.post(
    '/me/payment-orders/:id/confirm',
    {
      schema: {
        tags,
        summary:
          'Confirm and pay 确认支付: settles the visit; a second confirm returns the paid order. 409 YB_ERR_PAYMENT_FIGURES_CHANGED when the amounts changed (the order now shows them)',
        params: IdParams,
        body: Type.Object({
          useAccount: Type.Optional(Type.Boolean()),
          method: Type.Optional(
            Type.Enum(['online', 'credit'], { description: 'credit: 先诊疗后付费, the cash share is owed' }),
          ),
        }),
        response: { 200: PaymentOrder, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.payments.confirm(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/me/payment-orders/:id/decline',
    {
      schema: {
        tags,
        summary: 'Decline 拒绝支付 (the visit goes back to the counter)',
        params: IdParams,
        response: { 200: PaymentOrder, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => services.payments.decline(actorOf401(request), request.params.id),
  );
  app.get(
    '/me/credit-debts',
    {
      schema: {
        tags,
        summary: 'My credit debts 先诊疗后付费待还款',
        response: { 200: Type.Object({ items: Type.Array(CreditDebt) }), ...errors(401, 403) },
      },
    },
    async (request) => services.payments.listDebts(actorOf401(request)),
  );
  app.post(
    '/me/credit-debts/:id/pay',
    {
      schema: {
        tags,
        summary: 'Pay a credit debt online 在线还款 (paying twice changes nothing)',
        params: IdParams,
        response: { 200: CreditDebt, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => services.payments.payDebt(actorOf401(request), request.params.id),
  );
  app.get(
    '/me/notifications',
    {
      schema: {
        tags,
        summary: 'My notices 消息提醒 (debt reminders)',
        response: { 200: Type.Object({ items: Type.Array(Notification) }), ...errors(401, 403) },
      },
    },
    async (request) => services.payments.listNotifications(actorOf401(request)),
  );
};
