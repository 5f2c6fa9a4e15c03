import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { requireRole } from '../../../services/actor.js';
import { actorOf401, SESSION_COOKIE } from '../auth-hook.js';
import { errors, Id, RegionCode, User } from '../schemas.js';

export const authRoutes: FastifyPluginAsyncTypebox<{ services: Services; secureCookie: boolean }> = async (
  app,
  { services, secureCookie },
) => {
  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in 登录',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 100 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: { 200: Type.Object({ user: User }), ...errors(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { token, user, expiresAt } = await services.auth.login(
        request.body.username,
        request.body.password,
        request.ip,
      );
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        expires: expiresAt,
      });
      return { user };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out 退出', response: { 204: Type.Null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await services.auth.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user 当前用户',
        response: { 200: Type.Object({ user: User }), ...errors(401) },
      },
    },
    async (request) => {
      actorOf401(request);
      return { user: request.user! };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Accounts (admin) 账号列表',
        response: { 200: Type.Object({ items: Type.Array(User) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      requireRole(actorOf401(request), ['admin']);
      return { items: await services.auth.listUsers() };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['auth'],
        summary: 'Create an account (admin) 新建账号',
        body: Type.Object({
          username: Type.String(),
          password: Type.String(),
          displayName: Type.String({ minLength: 1 }),
          role: User.properties.role,
          regionCodes: Type.Optional(Type.Array(RegionCode)),
          personId: Type.Optional(Id),
          employerId: Type.Optional(Id),
          institutionId: Type.Optional(Id),
        }),
        response: { 201: User, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const actor = actorOf401(request);
      requireRole(actor, ['admin']);
      return reply.status(201).send(await services.auth.addUser(actor, request.body));
    },
  );
};
