import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import { Employer, errors, IdParams, PageOf, PageQuery, RegionCode, SizeClass } from '../schemas.js';

const EmployerBody = Type.Object({
  regionCode: RegionCode,
  uscc: Type.String({ description: '统一社会信用代码, GB 32100' }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  sizeClass: SizeClass,
  industry: Type.Optional(Type.String({ maxLength: 100 })),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  contactName: Type.Optional(Type.String({ maxLength: 50 })),
  contactPhone: Type.Optional(Type.String({ maxLength: 20 })),
});

export const employerRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['registry'];
  app.get(
    '/employers',
    {
      schema: {
        tags,
        summary: 'Employers 参保单位',
        querystring: Type.Object({
          ...PageQuery,
          q: Type.Optional(Type.String({ maxLength: 100 })),
          regionCode: Type.Optional(RegionCode),
          sizeClass: Type.Optional(SizeClass),
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
        }),
        response: { 200: PageOf(Employer), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.employers.list(actorOf401(request), request.query),
  );
  app.get(
    '/employers/:id',
    {
      schema: {
        tags,
        summary: 'One employer',
        params: IdParams,
        response: { 200: Employer, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.employers.get(actorOf401(request), request.params.id),
  );
  app.post(
    '/employers',
    {
      schema: {
        tags,
        summary: 'Register an employer 单位登记',
        body: EmployerBody,
        response: { 201: Employer, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.employers.create(actorOf401(request), request.body)),
  );
  app.patch(
    '/employers/:id',
    {
      schema: {
        tags,
        summary: 'Change an employer 单位信息变更',
        params: IdParams,
        body: Type.Partial(Type.Omit(EmployerBody, ['uscc'])),
        response: { 200: Employer, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => services.employers.update(actorOf401(request), request.params.id, request.body),
  );
  app.post(
    '/employers/:id/deactivate',
    {
      schema: {
        tags,
        summary: 'Deactivate 单位注销',
        params: IdParams,
        response: { 200: Employer, ...errors(401, 403, 404, 409) },
      },
    },
    async (request) => services.employers.deactivate(actorOf401(request), request.params.id),
  );
};
