import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { AppError } from '../../../domain/errors/app-error.js';
import { actorOf401 } from '../auth-hook.js';
import {
  Category,
  Enrolment,
  errors,
  Id,
  IdParams,
  InsuranceType,
  IsoDate,
  PageOf,
  PageQuery,
  PersonDetail,
  PersonSummary,
  RegionCode,
} from '../schemas.js';

export const personRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const tags = ['registry'];
  app.get(
    '/persons',
    {
      schema: {
        tags,
        summary: 'Insured persons (ID numbers masked) 参保人员',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 50, description: 'name, person number or ID number' })),
          regionCode: Type.Optional(RegionCode),
          employerId: Type.Optional(Id),
          insuranceType: Type.Optional(InsuranceType),
          category: Type.Optional(Category),
          chronic: Type.Optional(Type.Boolean()),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
        }),
        response: { 200: PageOf(PersonSummary), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.persons.list(actorOf401(request), request.query),
  );
  app.get(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: 'One person (read is logged) 人员详情',
        params: IdParams,
        response: { 200: PersonDetail, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.persons.get(actorOf401(request), request.params.id, request.url),
  );
  app.get(
    '/institution/persons/lookup',
    {
      schema: {
        tags,
        summary: 'Identify a patient at the counter by ID number or person number (logged) 就诊人员查询',
        querystring: Type.Object({
          certno: Type.Optional(Type.String({ maxLength: 18 })),
          psnNo: Type.Optional(Type.String({ maxLength: 30 })),
          date: Type.Optional(IsoDate),
        }),
        response: {
          200: Type.Object({
            id: Type.Integer(),
            psnNo: Type.String(),
            name: Type.String(),
            sex: Type.String(),
            age: Type.Integer(),
            certnoMasked: Type.String(),
            regionCode: Type.String(),
            status: Type.String(),
            insuranceType: Type.Union([Type.String(), Type.Null()]),
            category: Type.Union([Type.String(), Type.Null()]),
            insuredRegionCode: Type.Union([Type.String(), Type.Null()]),
          }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) =>
      services.persons.lookupForInstitution(
        actorOf401(request),
        request.query,
        request.query.date ?? new Date().toISOString().slice(0, 10),
        request.url.split('?')[0],
      ),
  );
  app.get(
    '/me/person',
    {
      schema: {
        tags,
        summary: 'My own record 我的参保信息',
        response: { 200: PersonDetail, ...errors(401, 404) },
      },
    },
    async (request) => {
      const actor = actorOf401(request);
      if (!actor.personId) throw new AppError('YB_ERR_PERSON_NOT_FOUND');
      return services.persons.get(actor, actor.personId, request.url);
    },
  );
  app.post(
    '/persons',
    {
      schema: {
        tags,
        summary: 'Register a person 人员登记',
        body: Type.Object({
          certno: Type.String({ description: '18-character ID number; birth date and sex derive from it' }),
          name: Type.String({ minLength: 1, maxLength: 50 }),
          sex: Type.Optional(Type.Union([Type.Literal('M'), Type.Literal('F')])),
          birthDate: Type.Optional(IsoDate),
          regionCode: RegionCode,
          phone: Type.Optional(Type.String({ maxLength: 20 })),
          address: Type.Optional(Type.String({ maxLength: 300 })),
          ethnicity: Type.Optional(Type.String({ maxLength: 20 })),
          employerId: Type.Optional(Id),
        }),
        response: { 201: PersonDetail, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.persons.create(actorOf401(request), request.body)),
  );
  app.patch(
    '/persons/:id',
    {
      schema: {
        tags,
        summary: 'Change contact or residence 人员信息变更',
        params: IdParams,
        body: Type.Object(
          {
            name: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
            phone: Type.Optional(Type.String({ maxLength: 20 })),
            address: Type.Optional(Type.String({ maxLength: 300 })),
            ethnicity: Type.Optional(Type.String({ maxLength: 20 })),
            regionCode: Type.Optional(RegionCode),
            employerId: Type.Optional(Type.Union([Id, Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 200: PersonDetail, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.persons.update(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/persons/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate (death, emigration …) and end enrolments 人员注销',
        params: IdParams,
        body: Type.Object({ date: IsoDate, reason: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: PersonDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.persons.deactivate(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/persons/:id/relatives',
    {
      schema: {
        tags,
        summary: 'Link a close relative 关联近亲属',
        params: IdParams,
        body: Type.Object({
          relativeId: Id,
          relation: Type.Union([Type.Literal('spouse'), Type.Literal('parent'), Type.Literal('child')]),
        }),
        response: { 200: PersonDetail, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.persons.addRelative(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/persons/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrol 参保登记 (joining 310 ends 390)',
        params: IdParams,
        body: Type.Object({
          insuranceType: InsuranceType,
          category: Category,
          regionCode: Type.Optional(RegionCode),
          employerId: Type.Optional(Id),
          startDate: IsoDate,
        }),
        response: { 201: Enrolment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await services.enrolments.enrol(actorOf401(request), request.params.id, request.body as never)),
  );
  app.post(
    '/enrolments/:id/end',
    {
      schema: {
        tags,
        summary: 'End an enrolment 停保',
        params: IdParams,
        body: Type.Object({ endDate: IsoDate, reason: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 200: Enrolment, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.enrolments.end(actorOf401(request), request.params.id, request.body),
  );
};
