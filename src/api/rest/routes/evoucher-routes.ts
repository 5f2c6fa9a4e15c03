import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import { errors, Id, IsoDate } from '../schemas.js';

const Relation = Type.Union([Type.Literal('spouse'), Type.Literal('parent'), Type.Literal('child')], {
  description: 'what the other person is to the signed-in person',
});

const MyEVoucher = Type.Object(
  {
    status: Type.Union([Type.Literal('none'), Type.Literal('active')]),
    voucherId: Type.Union([Type.Integer(), Type.Null()]),
    activatedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    grants: Type.Array(
      Type.Object({
        id: Type.Integer(),
        personId: Type.Integer(),
        name: Type.String(),
        relation: Relation,
        certnoMasked: Type.String(),
        createdAt: Type.String({ format: 'date-time' }),
      }),
    ),
    relatives: Type.Array(
      Type.Object({
        personId: Type.Integer(),
        name: Type.String(),
        relation: Relation,
        certnoMasked: Type.String(),
        grantId: Type.Union([Type.Integer(), Type.Null()]),
      }),
    ),
    recentScans: Type.Array(
      Type.Object({
        at: Type.String({ format: 'date-time' }),
        institutionName: Type.Union([Type.String(), Type.Null()]),
        shownBy: Type.Union([Type.String(), Type.Null()], { description: 'the relative who showed it' }),
      }),
      { description: 'the last 10 uses of my code, newest first' },
    ),
  },
  { $id: 'MyEVoucher' },
);

const IssuedToken = Type.Object({
  token: Type.String({ description: 'the QR content; see docs/e-voucher.md' }),
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
  lifetimeSeconds: Type.Integer(),
  refreshAfterSeconds: Type.Integer(),
});

const ShownFor = Type.Object({
  grantId: Type.Integer(),
  personId: Type.Integer(),
  name: Type.String(),
  relation: Relation,
  certnoMasked: Type.String(),
});

const ScanResult = Type.Object({
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
  displayedBy: Type.Union([
    Type.Object({
      name: Type.String({ description: 'masked' }),
      relation: Type.Union([Type.Literal('spouse'), Type.Literal('parent'), Type.Literal('child')], {
        description: 'what the relative showing the code is to the patient',
      }),
    }),
    Type.Null(),
  ]),
  tokenExpiresAt: Type.String({ format: 'date-time' }),
});

const GrantParams = Type.Object({ grantId: Id });

/** 医保电子凭证: the insured person's activation, rotating code and 近亲代展; the counter's scan. */
export const eVoucherRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['e-voucher'];
  const ev = services.eVouchers;
  app.addSchema(MyEVoucher);
  const Mine = Type.Ref('MyEVoucher');

  app.get(
    '/me/e-voucher',
    {
      schema: {
        tags,
        summary: 'My e-voucher, who may show it, and my close relatives 我的医保电子凭证',
        response: { 200: Mine, ...errors(401, 403, 404) },
      },
    },
    async (request) => ev.mine(actorOf401(request)),
  );

  app.post(
    '/me/e-voucher/activate',
    {
      // Per IP, on top of the per-person count of failed identity checks in the service.
      config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Activate my e-voucher after an identity check 激活医保电子凭证',
        body: Type.Object({
          certno: Type.String({ maxLength: 18, description: 'the full ID number' }),
          name: Type.String({ maxLength: 50 }),
          password: Type.String({ maxLength: 200, description: 'the account password' }),
        }),
        response: { 201: Mine, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await ev.activate(actorOf401(request), request.body, request.ip)),
  );

  app.post(
    '/me/e-voucher/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke my e-voucher (e.g. lost phone) 注销医保电子凭证',
        body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 200 })) }),
        response: { 200: Mine, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => ev.revoke(actorOf401(request), request.body.reason ?? ''),
  );

  app.post(
    '/me/e-voucher/token',
    {
      schema: {
        tags,
        summary: 'A fresh rotating QR code for my e-voucher 获取电子凭证二维码',
        response: { 200: IssuedToken, ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return ev.issueToken(actorOf401(request));
    },
  );

  app.post(
    '/me/e-voucher/grants',
    {
      schema: {
        tags,
        summary: 'Allow a close relative to show my code 授权近亲属代展',
        body: Type.Object({ relativeId: Id }),
        response: { 200: Mine, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => ev.grant(actorOf401(request), request.body.relativeId),
  );

  app.delete(
    '/me/e-voucher/grants/:grantId',
    {
      schema: {
        tags,
        summary: "Withdraw a relative's permission to show my code 撤销代展授权",
        params: GrantParams,
        response: { 200: Mine, ...errors(401, 403, 404) },
      },
    },
    async (request) => ev.revokeGrant(actorOf401(request), request.params.grantId),
  );

  app.get(
    '/me/e-voucher/shown-for',
    {
      schema: {
        tags,
        summary: 'People whose code I may show 可代展的亲属',
        response: { 200: Type.Object({ items: Type.Array(ShownFor) }), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await ev.shownFor(actorOf401(request)) }),
  );

  app.post(
    '/me/e-voucher/shown-for/:grantId/token',
    {
      schema: {
        tags,
        summary: "A fresh code of a relative's e-voucher, shown by me 获取代展二维码",
        params: GrantParams,
        response: { 200: IssuedToken, ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return ev.issueProxyToken(actorOf401(request), request.params.grantId);
    },
  );

  app.post(
    '/institution/e-voucher/scan',
    {
      schema: {
        tags,
        summary: 'Identify a patient by a scanned e-voucher code (logged) 扫码识别参保人',
        body: Type.Object({
          token: Type.String({ minLength: 1, maxLength: 100 }),
          date: Type.Optional(IsoDate),
        }),
        response: { 200: ScanResult, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ev.scanForInstitution(
        actorOf401(request),
        request.body.token,
        request.body.date ?? new Date().toISOString().slice(0, 10),
        request.url,
      ),
  );
};
