import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import {
  errors,
  IdParams,
  Institution,
  InstitutionDetail,
  InstitutionKind,
  IsoDate,
  PageOf,
  PageQuery,
  RegionCode,
} from '../schemas.js';

const Level = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)]);
const Grade = Type.Union([Type.Literal('甲'), Type.Literal('乙'), Type.Literal('丙')]);
const AgreementStatus = Type.Union([
  Type.Literal('active'),
  Type.Literal('suspended'),
  Type.Literal('terminated'),
]);
const InstitutionBody = Type.Object({
  code: Type.String({ description: 'H/P + 6-digit region + 5 digits' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: InstitutionKind,
  level: Type.Optional(Type.Union([Level, Type.Null()])),
  levelGrade: Type.Optional(Type.Union([Grade, Type.Null()])),
  regionCode: RegionCode,
  address: Type.Optional(Type.String({ maxLength: 300 })),
  agreementStatus: Type.Optional(AgreementStatus),
  agreementStart: IsoDate,
  agreementEnd: IsoDate,
  dualChannel: Type.Optional(Type.Boolean()),
});

export const institutionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['registry'];
  app.get(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'Designated institutions 定点医药机构',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 100 })),
          regionCode: Type.Optional(RegionCode),
          kind: Type.Optional(InstitutionKind),
          level: Type.Optional(Level),
          agreementStatus: Type.Optional(AgreementStatus),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
        }),
        response: { 200: PageOf(Institution), ...errors(400, 401) },
      },
    },
    async (request) => services.institutions.list(actorOf401(request), request.query),
  );
  app.get(
    '/institutions/:id',
    {
      schema: {
        tags,
        params: IdParams,
        summary: 'One institution',
        response: { 200: InstitutionDetail, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.institutions.get(actorOf401(request), request.params.id),
  );
  app.post(
    '/institutions',
    {
      schema: {
        tags,
        summary: 'Register an institution 机构登记',
        body: InstitutionBody,
        response: { 201: InstitutionDetail, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.institutions.create(actorOf401(request), request.body)),
  );
  app.patch(
    '/institutions/:id',
    {
      schema: {
        tags,
        summary: 'Change an institution 机构信息变更',
        params: IdParams,
        body: Type.Partial(Type.Omit(InstitutionBody, ['code'])),
        response: { 200: InstitutionDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.institutions.update(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/institutions/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate 机构注销',
        params: IdParams,
        response: { 200: InstitutionDetail, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => services.institutions.deactivate(actorOf401(request), request.params.id),
  );
  app.post(
    '/institutions/:id/penalties',
    {
      schema: {
        tags,
        summary: 'Record a penalty 违规处理',
        params: IdParams,
        body: Type.Object({
          date: IsoDate,
          kind: Type.Union([
            Type.Literal('warning'),
            Type.Literal('fine'),
            Type.Literal('suspension'),
            Type.Literal('termination'),
          ]),
          amount: Type.Optional(Type.Integer({ minimum: 0, description: 'fen' })),
          reason: Type.String({ minLength: 1, maxLength: 500 }),
          endDate: Type.Optional(IsoDate),
        }),
        response: { 200: InstitutionDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.institutions.addPenalty(actorOf401(request), request.params.id, request.body),
  );
};
