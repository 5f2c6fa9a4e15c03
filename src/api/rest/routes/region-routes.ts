import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import { errors, PageOf, PageQuery, Region } from '../schemas.js';

export const regionRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/regions',
    {
      schema: {
        tags: ['registry'],
        summary: 'Regions (GB/T 2260) 行政区划',
        querystring: Type.Object({
          ...PageQuery,
          parentCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          level: Type.Optional(
            Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('district')]),
          ),
          q: Type.Optional(Type.String({ maxLength: 50 })),
        }),
        response: { 200: PageOf(Region), ...errors(400, 401) },
      },
    },
    async (request) => {
      actorOf401(request);
      return services.regions.list(request.query);
    },
  );
};
