import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type TSchema, Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { actorOf401 } from '../auth-hook.js';
import { errors, Id, IdParams, IsoDate, PageOf, PageQuery, RegionCode } from '../schemas.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

const FilingKind = Type.Enum(['longTermResidence', 'temporary', 'referral'], {
  description: 'longTermResidence 异地长期居住, temporary 临时外出就医, referral 转诊转院',
});

/** A cross-region filing (异地就医备案) as the API shows it. */
export const Filing = Type.Object(
  {
    id: Type.Integer(),
    regionCode: Type.String({ description: 'insured region 参保地, which owns the filing' }),
    personId: Type.Integer(),
    psnNo: Type.String(),
    personName: Type.String(),
    insuranceType: Type.String(),
    careRegionCode: Type.String({ description: '就医地: a city or a whole province' }),
    kind: FilingKind,
    kindName: Type.String(),
    crossRegion: Type.String({
      description: 'what a visit in the care region gets: filedLongTerm / filedTemporary',
    }),
    beginDate: Type.String(),
    endDate: Nullable(Type.String()),
    status: Type.Enum(['active', 'revoked']),
    reason: Type.String(),
    referralInstitution: Type.String(),
    diagnosisCode: Type.String(),
    diagnosisName: Type.String(),
    createdBy: Type.String(),
    createdAt: Type.String(),
    revokedAt: Nullable(Type.String()),
    revokedBy: Nullable(Type.String()),
    revokeReason: Nullable(Type.String()),
  },
  { $id: 'Filing' },
);

export const filingRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (app, { services }) => {
  const tags = ['filing'];
  app.addSchema(Filing);
  const FilingRef = Type.Ref('Filing');

  app.get(
    '/filings',
    {
      schema: {
        tags,
        summary: 'Cross-region filings 异地就医备案 (own for the insured; staff: insured or care region)',
        querystring: Type.Object({
          ...PageQuery,
          personId: Type.Optional(Id),
          regionCode: Type.Optional(RegionCode),
          careRegionCode: Type.Optional(RegionCode),
          status: Type.Optional(Type.Enum(['active', 'revoked'])),
          date: Type.Optional(IsoDate),
        }),
        response: { 200: PageOf(FilingRef), ...errors(400, 401, 403) },
      },
    },
    async (request) => services.filings.list(actorOf401(request), request.query),
  );
  app.get(
    '/filings/active',
    {
      schema: {
        tags,
        summary: 'The active filing of a person for a care region on a date (null when none)',
        querystring: Type.Object({ personId: Id, careRegionCode: RegionCode, date: IsoDate }),
        response: { 200: Type.Object({ filing: Nullable(FilingRef) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => ({
      filing: await services.filings.activeFor(
        actorOf401(request),
        request.query.personId,
        request.query.careRegionCode,
        request.query.date,
      ),
    }),
  );
  app.get(
    '/filings/:id',
    {
      schema: {
        tags,
        summary: 'One cross-region filing',
        params: IdParams,
        response: { 200: FilingRef, ...errors(401, 403, 404) },
      },
    },
    async (request) => services.filings.get(actorOf401(request), request.params.id),
  );
  app.post(
    '/filings',
    {
      schema: {
        tags,
        summary:
          'File for cross-region care 异地就医备案 (staff of the insured region, or the insured person for themselves)',
        body: Type.Object({
          personId: Id,
          careRegionCode: RegionCode,
          kind: FilingKind,
          beginDate: IsoDate,
          endDate: Type.Optional(
            Nullable(
              Type.String({
                pattern: '^\\d{4}-\\d{2}-\\d{2}$',
                description: 'default: none (long-term residence) or six months (temporary, referral)',
              }),
            ),
          ),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
          referralInstitution: Type.Optional(Type.String({ maxLength: 200 })),
          diagnosisCode: Type.Optional(Type.String({ maxLength: 30 })),
          diagnosisName: Type.Optional(Type.String({ maxLength: 300 })),
          tel: Type.Optional(Type.String({ maxLength: 50 })),
          address: Type.Optional(Type.String({ maxLength: 200 })),
        }),
        response: { 201: FilingRef, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await services.filings.create(actorOf401(request), request.body)),
  );
  app.post(
    '/filings/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a filing 备案撤销 (visits already registered keep their status)',
        params: IdParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: FilingRef, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => services.filings.revoke(actorOf401(request), request.params.id, request.body.reason),
  );
};
