import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import {
  MAX_LOCATION_LENGTH,
  MAX_REVOKE_REASON_LENGTH,
  TERMINAL_KINDS,
} from '../../../services/gateway/terminal-service.js';
import { actorOf401 } from '../auth-hook.js';
import { errors } from '../schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const TerminalKind = Type.Enum([...TERMINAL_KINDS], {
  description: 'counter 窗口, kiosk 自助机, mobile 移动终端, face 刷脸终端',
});
const DevNo = Type.String({
  pattern: '^[\\w.-]{1,100}$',
  description: 'device number: 1–100 letters, digits, dots, dashes or underscores',
});
const InstitutionCodeParams = Type.Object({
  code: Type.String({ pattern: '^[HP]\\d{11}$', description: 'institution code (fixmedins_code)' }),
});

const Terminal = Type.Object({
  id: Type.Integer(),
  institutionId: Type.Integer(),
  institutionCode: Type.String(),
  devNo: Type.String(),
  kind: TerminalKind,
  location: Type.String(),
  paasid: Type.String({ description: 'x-tif-paasid: identifies the terminal; not a secret' }),
  accessKey: Type.String({ description: '_api_access_key: identifies the terminal; not a secret' }),
  status: Type.Enum(['active', 'revoked']),
  createdAt: Type.String(),
  createdBy: Nullable(Type.String({ description: 'null for terminals registered before it was recorded' })),
  revokedAt: Nullable(Type.String()),
  revokedBy: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});

const TerminalCredentials = Type.Object(
  {
    devNo: Type.String(),
    fixmedinsCode: Type.String({ description: "the envelope's fixmedins_code" }),
    regionCode: Type.String({ description: "the institution's region, a sensible mdtrtarea_admvs" }),
    paasid: Type.String(),
    passToken: Type.String({ description: 'secret of scheme A (x-tif-*)' }),
    accessKey: Type.String(),
    secretKey: Type.String({ description: 'secret of scheme B (_api_*)' }),
  },
  { description: 'the JSON `yibao his … --credentials FILE` reads; shown once' },
);

/**
 * HIS terminals (一机一码): an institution's IT staff register and revoke the devices that call
 * the gateway; agency staff see them and may revoke one. See docs/his-integration.md.
 */
export const terminalRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['gateway'];
  app.get(
    '/institutions/:code/terminals',
    {
      schema: {
        tags,
        summary: "An institution's HIS terminals 终端列表 (never their secrets)",
        params: InstitutionCodeParams,
        querystring: Type.Object({ status: Type.Optional(Type.Enum(['active', 'revoked'])) }),
        response: { 200: Type.Object({ items: Type.Array(Terminal) }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => ({
      items: await services.terminals.list(actorOf401(request), request.params.code, request.query),
    }),
  );
  app.post(
    '/institutions/:code/terminals',
    {
      schema: {
        tags,
        summary: 'Register a terminal 终端登记: the answer holds its credentials, shown this once',
        params: InstitutionCodeParams,
        body: Type.Object({
          kind: Type.Optional(TerminalKind),
          location: Type.Optional(
            Type.String({ maxLength: MAX_LOCATION_LENGTH, description: 'where it stands' }),
          ),
          devNo: Type.Optional(DevNo),
        }),
        response: { 201: TerminalCredentials, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const credentials = await services.terminals.register(actorOf401(request), {
        institutionCode: request.params.code,
        ...request.body,
      });
      // Secrets: no cache, shared or private, may keep the answer.
      return reply.status(201).header('Cache-Control', 'no-store').send(credentials);
    },
  );
  app.post(
    '/terminals/:devNo/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a terminal 终端注销: its next gateway request is refused',
        params: Type.Object({ devNo: DevNo }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: MAX_REVOKE_REASON_LENGTH }) }),
        response: { 200: Terminal, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      services.terminals.revoke(actorOf401(request), request.params.devNo, request.body.reason),
  );
};
