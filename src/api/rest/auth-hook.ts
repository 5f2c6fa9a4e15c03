import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from '../../domain/errors/app-error.js';
import type { Actor } from '../../services/actor.js';
import { type AuthService, actorOf, type PublicUser } from '../../services/auth/auth-service.js';

export const SESSION_COOKIE = 'yb_session';

declare module 'fastify' {
  interface FastifyRequest {
    user: PublicUser | null;
  }
}

/** The signed-in actor, or 401. */
export function actorOf401(request: FastifyRequest): Actor {
  if (!request.user) throw new AppError('YB_ERR_UNAUTHENTICATED');
  return actorOf(request.user, request.ip);
}

/** Resolves the session cookie (or a Bearer token) to a user on every request. */
export const authHook = fp(async (app: FastifyInstance, opts: { auth: AuthService }) => {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : request.cookies[SESSION_COOKIE];
    if (token) request.user = await opts.auth.userForToken(token);
  });
});
