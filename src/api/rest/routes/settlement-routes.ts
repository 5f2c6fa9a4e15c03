import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { AppError, fieldProblem, validationError } from '../../../domain/errors/app-error.js';
import { requireRole, WRITER_ROLES } from '../../../services/actor.js';
import { renderSettlementSlip } from '../../../services/settlement/settlement-slip.js';
import { actorOf401 } from '../auth-hook.js';
import {
  Breakdown,
  errors,
  Id,
  IdParams,
  IsoDate,
  PageOf,
  PageQuery,
  PolicySummary,
  PreSettlement,
  RegionCode,
  Settlement,
  Visit,
} from '../schemas.js';

export const settlementRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['settlement'];

  app.get(
    '/policies',
    {
      schema: {
        tags,
        summary: 'Policy documents 待遇政策',
        querystring: Type.Object({ regionCode: Type.Optional(RegionCode) }),
        response: { 200: Type.Object({ items: Type.Array(PolicySummary) }), ...errors(401) },
      },
    },
    async (request) => {
      actorOf401(request);
      return { items: await services.policies.list(request.query.regionCode) };
    },
  );
  app.get(
    '/policies/:policyId',
    {
      schema: {
        tags,
        summary: 'One policy document as loaded',
        params: Type.Object({ policyId: Type.String({ maxLength: 100 }) }),
        response: { 200: Type.Object({ document: Type.Unknown() }), ...errors(401, 404) },
      },
    },
    async (request) => {
      actorOf401(request);
      return { document: await services.policies.document(request.params.policyId) };
    },
  );
  app.post(
    '/policies',
    {
      schema: {
        tags,
        summary: 'Load a policy document (validated; every problem names its path) 加载政策',
        body: Type.Object({ document: Type.Record(Type.String(), Type.Unknown()) }),
        response: { 201: PolicySummary, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf401(request);
      requireRole(actor, WRITER_ROLES);
      return reply.status(201).send(await services.policies.load(actor, request.body.document));
    },
  );

  app.post(
    '/visits',
    {
      schema: {
        tags,
        summary: 'Register a visit or admission 门诊挂号 / 入院登记',
        body: Type.Object({
          personId: Id,
          institutionId: Id,
          medType: Type.String({
            description:
              '11 门诊, 14 门诊慢特病, 21 住院, 2114 中医日间病房, 41 药店购药, 51/52 生育, 9901 互联网复诊',
          }),
          beginDate: IsoDate,
          diagnosisCode: Type.Optional(Type.String({ maxLength: 30 })),
          diagnosisName: Type.Optional(Type.String({ maxLength: 100 })),
          crossRegion: Type.Optional(
            Type.Enum(['filedLongTerm', 'filedTemporary', 'unfiledTemporary'], {
              description:
                'cross-region care; default: from the active filing (/filings) for the care region on beginDate, else unfiledTemporary',
            }),
          ),
          assistanceCategories: Type.Optional(Type.Array(Type.String({ maxLength: 30 }))),
          flags: Type.Optional(Type.Array(Type.String({ maxLength: 30 }))),
        }),
        response: { 201: Visit, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.visits.register(actorOf401(request), request.body as never)),
  );
  app.get(
    '/visits/:id',
    {
      schema: {
        tags,
        summary: 'A visit with its fee lines',
        params: IdParams,
        response: { 200: Visit, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.visits.get(actorOf401(request), request.params.id),
  );
  app.post(
    '/visits/:id/lines',
    {
      schema: {
        tags,
        summary: 'Upload fee lines 费用明细上传 (catalogue at the service date in the care region)',
        params: IdParams,
        body: Type.Object({
          lines: Type.Array(
            Type.Object({
              code: Type.String({ minLength: 1, maxLength: 50 }),
              quantity: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String()], {
                description: 'decimal, at most four places',
              }),
              unitPrice: Type.Integer({ minimum: 0, description: 'fen per unit' }),
              serviceDate: Type.Optional(IsoDate),
              specialClass: Type.Optional(Type.String({ maxLength: 30 })),
              serviceCategory: Type.Optional(Type.String({ maxLength: 30 })),
              externalId: Type.Optional(Type.String({ maxLength: 64 })),
            }),
            { minItems: 1, maxItems: 2000 },
          ),
        }),
        response: { 200: Visit, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.visits.addLines(actorOf401(request), request.params.id, request.body.lines),
  );
  app.post(
    '/visits/:id/lines/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel fee lines 费用明细撤销 (all when lineNos is empty)',
        params: IdParams,
        body: Type.Object({ lineNos: Type.Array(Type.Integer({ minimum: 1 })) }),
        response: { 200: Visit, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      services.visits.cancelLines(actorOf401(request), request.params.id, request.body.lineNos),
  );
  for (const [path, action, summary] of [
    ['discharge', 'discharge', 'Discharge 出院办理'],
    ['undo-discharge', 'undoDischarge', 'Undo discharge 出院撤销'],
    ['cancel', 'cancel', 'Cancel an unsettled visit 就诊撤销'],
  ] as const) {
    app.post(
      `/visits/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: IdParams,
          body: Type.Object({ endDate: Type.Optional(IsoDate) }),
          response: { 200: Visit, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        services.visits.setStatus(actorOf401(request), request.params.id, action, request.body.endDate),
    );
  }
  app.post(
    '/visits/:id/pre-settle',
    {
      schema: {
        tags,
        summary: 'Pre-settle 预结算 (no side effects)',
        params: IdParams,
        body: Type.Object({ useAccount: Type.Optional(Type.Boolean()) }),
        response: { 200: PreSettlement, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.settlements.preSettle(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/visits/:id/settle',
    {
      schema: {
        tags,
        summary: 'Settle 结算 (idempotent under the Idempotency-Key header)',
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 64 })) }),
        body: Type.Object({
          useAccount: Type.Optional(Type.Boolean()),
          clientKey: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Settlement, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const clientKey = request.headers['idempotency-key'] ?? request.body.clientKey;
      if (!clientKey)
        throw validationError([
          fieldProblem(
            'Idempotency-Key',
            'required',
            '结算须提供业务流水号（Idempotency-Key）',
            'Settlement needs an Idempotency-Key header',
          ),
        ]);
      return services.settlements.settle(actorOf401(request), request.params.id, {
        clientKey,
        ...(request.body.useAccount !== undefined ? { useAccount: request.body.useAccount } : {}),
      });
    },
  );
  app.get(
    '/settlements',
    {
      schema: {
        tags,
        summary: 'Settlements 结算记录',
        querystring: Type.Object({
          ...PageQuery,
          personId: Type.Optional(Id),
          institutionId: Type.Optional(Id),
          status: Type.Optional(Type.Enum(['settled', 'reversed'])),
        }),
        response: { 200: PageOf(Settlement), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.settlements.list(actorOf401(request), request.query),
  );
  app.get(
    '/me/settlements',
    {
      schema: {
        tags,
        summary: 'My settlements 我的结算',
        querystring: Type.Object({ ...PageQuery }),
        response: { 200: PageOf(Settlement), ...errors(401) },
      },
    },
    async (request) => {
      const actor = actorOf401(request);
      if (!actor.personId) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      return services.settlements.list(actor, { ...request.query, personId: actor.personId });
    },
  );
  app.get(
    '/settlements/:id',
    {
      schema: {
        tags,
        summary: 'One settlement with its explanation',
        params: IdParams,
        response: { 200: Settlement, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.settlements.get(actorOf401(request), request.params.id),
  );
  app.get(
    '/settlements/:id/slip.pdf',
    {
      schema: {
        tags,
        summary: 'The printed settlement slip (PDF, Chinese) 结算单',
        params: IdParams,
        produces: ['application/pdf'],
      },
    },
    async (request, reply) => {
      const slip = await services.settlements.slip(actorOf401(request), request.params.id);
      const pdf = await renderSettlementSlip(slip);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${slip.setlNo}.pdf"`)
        .send(pdf);
    },
  );
  app.get(
    '/settlements/:id/replay',
    {
      schema: {
        tags,
        summary: 'Policy, claim and state documents to recompute a settlement with yibao calc 结算复算',
        params: IdParams,
        response: {
          200: Type.Object({
            policy: Type.Unknown(),
            claim: Type.Unknown(),
            state: Type.Unknown(),
            breakdown: Breakdown,
          }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request) => services.settlements.replay(actorOf401(request), request.params.id),
  );
  app.post(
    '/settlements/:id/reverse',
    {
      schema: {
        tags,
        summary: 'Reverse 结算撤销',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Settlement, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.settlements.reverse(actorOf401(request), request.params.id, request.body),
  );
};
