import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Services } from '../../../app/services.js';
import { AppError, fieldProblem, validationError } from '../../../domain/errors/app-error.js';
import { formatOfFile } from '../../../services/catalogue/catalogue-file.js';
import { actorOf401 } from '../auth-hook.js';
import {
  CatalogueItem,
  CatalogueVersion,
  errors,
  IsoDate,
  PageOf,
  PageQuery,
  RegionCode,
} from '../schemas.js';

const MAX_FILE_BYTES = 20 * 1024 * 1024;

export const catalogueRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  const tags = ['catalogue'];
  app.get(
    '/catalogue/items',
    {
      schema: {
        tags,
        summary: 'Catalogue in force on a date 医保目录查询',
        querystring: Type.Object({
          ...PageQuery,
          regionCode: RegionCode,
          date: Type.Optional(IsoDate),
          kind: Type.Optional(
            Type.Union([Type.Literal('drug'), Type.Literal('service'), Type.Literal('consumable')]),
          ),
          itemClass: Type.Optional(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')])),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          negotiated: Type.Optional(Type.Boolean()),
          dualChannel: Type.Optional(Type.Boolean()),
        }),
        response: { 200: PageOf(CatalogueItem), ...errors(400, 401) },
      },
    },
    async (request) => {
      actorOf401(request);
      return services.catalogue.list(request.query);
    },
  );
  app.get(
    '/catalogue/items/:code',
    {
      schema: {
        tags,
        summary: 'One item in force on a date',
        params: Type.Object({ code: Type.String({ maxLength: 50 }) }),
        querystring: Type.Object({ regionCode: RegionCode, date: Type.Optional(IsoDate) }),
        response: { 200: CatalogueItem, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      actorOf401(request);
      return services.catalogue.lookup(
        request.query.regionCode,
        request.params.code,
        request.query.date ?? new Date().toISOString().slice(0, 10),
      );
    },
  );
  app.get(
    '/catalogue/versions',
    {
      schema: {
        tags,
        summary: 'Imported versions 目录版本',
        querystring: Type.Object({ regionCode: RegionCode }),
        response: { 200: Type.Object({ items: Type.Array(CatalogueVersion) }), ...errors(400, 401) },
      },
    },
    async (request) => {
      actorOf401(request);
      return { items: await services.catalogue.versions(request.query.regionCode) };
    },
  );
  app.get(
    '/catalogue/export',
    {
      schema: {
        tags,
        summary: 'Export the catalogue in force as CSV or XLSX 目录导出',
        querystring: Type.Object({
          regionCode: RegionCode,
          date: Type.Optional(IsoDate),
          format: Type.Optional(Type.Union([Type.Literal('csv'), Type.Literal('xlsx')])),
        }),
      },
    },
    async (request, reply) => {
      actorOf401(request);
      const format = request.query.format ?? 'csv';
      const date = request.query.date ?? new Date().toISOString().slice(0, 10);
      const data = await services.catalogue.exportFile(request.query.regionCode, date, format);
      return reply
        .header(
          'content-type',
          format === 'csv'
            ? 'text/csv; charset=utf-8'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        )
        .header(
          'content-disposition',
          `attachment; filename="catalogue-${request.query.regionCode}-${date}.${format}"`,
        )
        .send(data);
    },
  );
  app.post(
    '/catalogue/imports',
    {
      schema: {
        tags,
        summary: 'Import a CSV or XLSX file as a new version (all rows or none) 目录导入',
        description:
          'multipart/form-data with fields regionCode, effectiveFrom (yyyy-mm-dd), note and file. A file with any bad row answers 422 YB_ERR_CATALOGUE_IMPORT_INVALID listing every bad row; nothing is imported.',
        consumes: ['multipart/form-data'],
        response: { 201: Type.Object({ version: CatalogueVersion }), ...errors(400, 401, 403, 415, 422) },
      },
    },
    async (request, reply) => {
      const actor = actorOf401(request);
      if (!request.isMultipart())
        throw new AppError('YB_ERR_BAD_REQUEST', { detail: 'multipart/form-data expected' });
      const fields: Record<string, string> = {};
      let file: { name: string; mime: string; data: Buffer } | null = null;
      for await (const part of request.parts({ limits: { fileSize: MAX_FILE_BYTES, files: 1 } })) {
        if (part.type === 'file') {
          const data = await part.toBuffer();
          file = { name: part.filename, mime: part.mimetype, data };
        } else {
          fields[part.fieldname] = String(part.value ?? '');
        }
      }
      const problems = [];
      if (!fields.regionCode)
        problems.push(fieldProblem('regionCode', 'required', '必填项缺失', 'regionCode is required'));
      if (!fields.effectiveFrom)
        problems.push(fieldProblem('effectiveFrom', 'required', '必填项缺失', 'effectiveFrom is required'));
      if (!file) problems.push(fieldProblem('file', 'required', '请选择要导入的文件', 'A file is required'));
      if (problems.length || !file) throw validationError(problems);
      const version = await services.catalogue.importFile(actor, {
        regionCode: fields.regionCode!,
        effectiveFrom: fields.effectiveFrom!,
        note: fields.note ?? '',
        fileName: file.name,
        format: formatOfFile(file.name, file.mime),
        data: file.data,
      });
      return reply.status(201).send({ version });
    },
  );
};
