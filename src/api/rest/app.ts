import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Services } from '../../app/services.js';
import { AppError } from '../../domain/errors/app-error.js';
import { fsiRoutes } from '../fsi/fsi-routes.js';
import { authHook } from './auth-hook.js';
import { errorBody, handleError, prefersEnglish } from './errors.js';
import { auditRoutes } from './routes/audit-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { catalogueRoutes } from './routes/catalogue-routes.js';
import { employerRoutes } from './routes/employer-routes.js';
import { eVoucherRoutes } from './routes/evoucher-routes.js';
import { filingRoutes } from './routes/filing-routes.js';
import { institutionRoutes } from './routes/institution-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { personRoutes } from './routes/person-routes.js';
import { regionRoutes } from './routes/region-routes.js';
import { settlementRoutes } from './routes/settlement-routes.js';
import { terminalRoutes } from './routes/terminal-routes.js';
import { ErrorResponse } from './schemas.js';

export interface AppDeps {
  readonly services: Services;
  /** Folder of the built web app; served at / when it exists. */
  readonly webDistDir?: string | null;
  /** A pino logger; none means no request logging (tests). */
  readonly logger?: FastifyBaseLogger;
  readonly secureCookie?: boolean;
}

/** Builds the HTTP application without listening, so tests drive it through `inject`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: false }),
    trustProxy: true,
    bodyLimit: 2 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(handleError);
  app.addSchema(ErrorResponse);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Yibao 医保 REST API',
        version: '1',
        description: 'Registry, catalogues and accounts. Errors: see docs/errors.md.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'yb_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  await app.register(authHook, { auth: deps.services.auth });

  await app.register(
    async (api) => {
      const opts = { services: deps.services };
      await api.register(authRoutes, { ...opts, secureCookie: deps.secureCookie ?? false });
      await api.register(regionRoutes, opts);
      await api.register(employerRoutes, opts);
      await api.register(personRoutes, opts);
      await api.register(institutionRoutes, opts);
      await api.register(catalogueRoutes, opts);
      await api.register(auditRoutes, opts);
      await api.register(settlementRoutes, opts);
      await api.register(filingRoutes, opts);
      await api.register(eVoucherRoutes, opts);
      await api.register(paymentRoutes, opts);
      await api.register(terminalRoutes, opts);
      api.get('/health', { schema: { tags: ['meta'], summary: 'Liveness' } }, async () => ({ ok: true }));
    },
    { prefix: '/api/v1' },
  );
  await app.register(fsiRoutes, { services: deps.services });

  const webDir =
    deps.webDistDir && fs.existsSync(path.join(deps.webDistDir, 'index.html')) ? deps.webDistDir : null;
  if (webDir) await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false });

  app.setNotFoundHandler((request, reply) => {
    const url = request.url;
    if (webDir && request.method === 'GET' && !url.startsWith('/api/') && !url.startsWith('/docs')) {
      // The web app routes on the client: unknown paths get its index page.
      return reply.type('text/html').sendFile('index.html');
    }
    return reply
      .status(404)
      .send(
        errorBody(
          new AppError('YB_ERR_NOT_FOUND', { detail: `${request.method} ${url.split('?')[0]}` }),
          prefersEnglish(request),
        ),
      );
  });
  return app;
}
