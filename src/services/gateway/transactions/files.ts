import { createHash, randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { AppError, fieldProblem } from '../../../domain/errors/app-error.js';
import { compactTime, wireDateTime } from '../../../domain/gateway/answer.js';
import type { GatewayContext, TransactionHandler } from '../gateway-context.js';
import { checkWire, refuse, text, WireText } from '../wire-input.js';

/** The largest file 9101 takes (decoded bytes); its base64 fits the 2 MiB request limit. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** How long a file may be downloaded (9102) after it was stored. */
export const FILE_DAYS = 7;

const UploadInput = Type.Object({
  fsUploadIn: Type.Object({
    /** the file's bytes, base64 (what C# and Java HIS clients make of byte[]) */
    in: Type.String({ maxLength: Math.ceil(MAX_FILE_BYTES / 3) * 4 + 1024 }),
    filename: WireText(200),
    fixmedins_code: WireText(30),
  }),
});

const DownloadInput = Type.Object({
  fsDownloadIn: Type.Object({
    file_qury_no: WireText(64),
    /** informational: the file query number alone names the file (13xx clients send "plc") */
    filename: Type.Optional(Type.Union([WireText(200), Type.Null()])),
    fixmedins_code: WireText(30),
  }),
});

/** A stored gateway file, as the handlers see it. */
export interface StoredFile {
  readonly fileQuryNo: string;
  readonly filename: string;
  readonly size: number;
  readonly sha256: string;
  readonly dldEndtime: string;
}

function checkInstitution(ctx: GatewayContext, code: string, path: string): void {
  if (code !== ctx.terminal.institutionCode)
    throw refuse(path, '不是本终端所属的定点医药机构', "not the terminal's institution");
}

/** Decodes strict base64 (whitespace allowed); refuses anything else, naming `path`. */
export function decodeBase64(value: string, path: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact))
    throw new AppError('YB_ERR_FILE_INVALID', {
      fields: [fieldProblem(path, 'base64', `${path}：不是合法的 base64`, `${path}: not valid base64`)],
    });
  return Buffer.from(compact, 'base64');
}

/** Checks a file name: 1–200 characters, no path separators or control characters. */
function checkFilename(name: string, path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!name || name.length > 200 || /[\\/\u0000-\u001f]/.test(name) || name === '.' || name === '..')
    throw refuse(path, '文件名为空或含有路径分隔符', 'empty, or holds a path separator');
  return name;
}

/**
 * Stores a file for the terminal's institution under a new file query number (file_qury_no),
 * downloadable for FILE_DAYS days.
 */
export async function storeFile(
  ctx: GatewayContext,
  kind: 'upload' | 'result',
  filename: string,
  content: Uint8Array,
): Promise<StoredFile> {
  const fileQuryNo = `${kind === 'upload' ? 'U' : 'R'}${compactTime(ctx.nowMs).slice(0, 14)}${randomBytes(8).toString('hex')}`;
  const expires = ctx.nowMs + FILE_DAYS * 86_400_000;
  const sha256 = createHash('sha256').update(content).digest('hex');
  await ctx.tx
    .insertInto('gateway_files')
    .values({
      file_qury_no: fileQuryNo,
      institution_id: ctx.terminal.institutionId,
      region_code: ctx.terminal.regionCode,
      kind,
      filename,
      content: Buffer.from(content),
      size: content.length,
      sha256,
      msgid: ctx.envelope.msgid,
      expires_at: new Date(expires),
    })
    .execute();
  return { fileQuryNo, filename, size: content.length, sha256, dldEndtime: wireDateTime(expires) };
}

/**
 * A file of the terminal's institution by its query number; another institution's file, an
 * unknown number and an expired file are all "not found" (naming `path`), so a number reveals
 * nothing about other institutions.
 */
export async function loadFile(ctx: GatewayContext, fileQuryNo: string, path: string) {
  const row = await ctx.tx
    .selectFrom('gateway_files')
    .select(['file_qury_no', 'filename', 'content', 'size', 'sha256', 'kind', 'expires_at', 'institution_id'])
    .where('file_qury_no', '=', fileQuryNo)
    .executeTakeFirst();
  if (
    !row ||
    row.institution_id !== ctx.terminal.institutionId ||
    new Date(row.expires_at).getTime() < ctx.nowMs
  )
    throw new AppError('YB_ERR_FILE_NOT_FOUND', {
      fields: [fieldProblem(path, 'notFound', `${path}：${fileQuryNo}`, `${path}: ${fileQuryNo}`)],
    });
  return { ...row, content: new Uint8Array(row.content) };
}

/**
 * 9101 文件上传: `fsUploadIn{in (base64), filename, fixmedins_code}` → `{file_qury_no, filename,
 * dld_endtime}`. At most MAX_FILE_BYTES; the file is kept for FILE_DAYS days and only the same
 * institution can use or download it.
 */
export const uploadFile: TransactionHandler = async (ctx, input) => {
  const { fsUploadIn: f } = checkWire(UploadInput, input, 'input');
  checkInstitution(ctx, text(f.fixmedins_code), 'input.fsUploadIn.fixmedins_code');
  const filename = checkFilename(text(f.filename), 'input.fsUploadIn.filename');
  const bytes = decodeBase64(f.in, 'input.fsUploadIn.in');
  if (bytes.length === 0) throw refuse('input.fsUploadIn.in', '文件为空', 'the file is empty');
  if (bytes.length > MAX_FILE_BYTES)
    throw new AppError('YB_ERR_FILE_TOO_LARGE', {
      fields: [
        fieldProblem(
          'input.fsUploadIn.in',
          'size',
          `input.fsUploadIn.in：超过 ${MAX_FILE_BYTES} 字节`,
          `input.fsUploadIn.in: more than ${MAX_FILE_BYTES} bytes`,
        ),
      ],
    });
  const stored = await storeFile(ctx, 'upload', filename, bytes);
  return { file_qury_no: stored.fileQuryNo, filename: stored.filename, dld_endtime: stored.dldEndtime };
};

/**
 * 9102 文件下载: `fsDownloadIn{file_qury_no, filename, fixmedins_code}` → the file as base64 in
 * `file_content`, with its name, size and SHA-256. Only the institution that uploaded it, or for
 * which the gateway made it (3202's result), may download it.
 */
export const downloadFile: TransactionHandler = async (ctx, input) => {
  const { fsDownloadIn: f } = checkWire(DownloadInput, input, 'input');
  checkInstitution(ctx, text(f.fixmedins_code), 'input.fsDownloadIn.fixmedins_code');
  const file = await loadFile(ctx, text(f.file_qury_no), 'input.fsDownloadIn.file_qury_no');
  return {
    file_qury_no: file.file_qury_no,
    filename: file.filename,
    file_size: file.size,
    sha256: file.sha256,
    dld_endtime: wireDateTime(new Date(file.expires_at).getTime()),
    file_content: Buffer.from(file.content).toString('base64'),
  };
};
