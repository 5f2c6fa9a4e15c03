import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import { AccessLogEntry, errors, HistoryEntry, Id, PageOf, PageQuery } from '../schemas.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  app.get(
    '/history',
    {
      schema: {
        tags: ['audit'],
        summary: 'Change history 变更记录',
        querystring: Type.Object({
          ...PageQuery,
          entityType: Type.Optional(Type.String({ maxLength: 30 })),
          entityId: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 200: PageOf(HistoryEntry), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.audit.history(actorOf401(request), request.query),
  );
  app.get(
    '/access-log',
    {
      schema: {
        tags: ['audit'],
        summary: 'Reads of person records by staff 个人信息访问日志',
        querystring: Type.Object({
          ...PageQuery,
          personId: Type.Optional(Id),
          username: Type.Optional(Type.String({ maxLength: 40 })),
        }),
        response: { 200: PageOf(AccessLogEntry), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.audit.accessLog(actorOf401(request), request.query),
  );
};
