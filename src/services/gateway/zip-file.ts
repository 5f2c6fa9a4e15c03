import { Unzip, UnzipInflate, UnzipPassThrough, zipSync } from 'fflate';
import { AppError, fieldProblem } from '../../domain/errors/app-error.js';

/** The most a zip the gateway opens may hold once uncompressed (zip-bomb guard). */
export const MAX_UNZIPPED_BYTES = 16 * 1024 * 1024;

/** Compressed bytes handed to the inflater per step: deflate expands at most ~1032:1, so one step adds ≤ ~4 MiB. */
const STEP = 4096;

function invalid(path: string, zh: string, en: string): AppError {
  return new AppError('YB_ERR_FILE_INVALID', {
    fields: [fieldProblem(path, 'file', `${path}：${zh}`, `${path}: ${en}`)],
  });
}

/**
 * The one data file inside a zip (directories ignored). The zip is fed to the inflater in small
 * steps and stopped as soon as the output passes `maxBytes`, so a zip bomb costs at most a few
 * MiB whatever its headers claim. Refuses (YB_ERR_FILE_INVALID / YB_ERR_FILE_TOO_LARGE, naming
 * `path`) a file that is not a zip, holds no file or more than one, or unpacks beyond the limit.
 */
export function unzipOne(
  zip: Uint8Array,
  path: string,
  maxBytes = MAX_UNZIPPED_BYTES,
): { name: string; content: Uint8Array } {
  const files: { name: string; chunks: Uint8Array[]; done: boolean }[] = [];
  let total = 0;
  let over = false;
  let failure: unknown = null;
  const unzip = new Unzip();
  unzip.register(UnzipInflate);
  unzip.register(UnzipPassThrough);
  unzip.onfile = (f) => {
    if (f.name.endsWith('/')) return;
    const entry = { name: f.name, chunks: [] as Uint8Array[], done: false };
    files.push(entry);
    if (files.length > 1) return;
    f.ondata = (err, data, final) => {
      if (err) {
        failure = err;
        return;
      }
      total += data.length;
      if (total > maxBytes) {
        over = true;
        f.terminate();
        return;
      }
      entry.chunks.push(data);
      if (final) entry.done = true;
    };
    try {
      f.start();
    } catch (e) {
      failure = e;
    }
  };
  // A zip starts with a local file header "PK\x03\x04" (or, when empty, its end record "PK\x05\x06").
  const signature = zip.length >= 4 && zip[0] === 0x50 && zip[1] === 0x4b ? `${zip[2]},${zip[3]}` : '';
  if (signature !== '3,4' && signature !== '5,6') throw invalid(path, '不是 zip 文件', 'not a zip file');
  try {
    for (let i = 0; i < zip.length && !over && !failure; i += STEP)
      unzip.push(zip.subarray(i, Math.min(zip.length, i + STEP)), i + STEP >= zip.length);
  } catch (e) {
    failure = e;
  }
  if (over)
    throw new AppError('YB_ERR_FILE_TOO_LARGE', {
      fields: [
        fieldProblem(
          path,
          'size',
          `${path}：解压后超过 ${maxBytes} 字节`,
          `${path}: more than ${maxBytes} bytes once unzipped`,
        ),
      ],
    });
  if (failure) throw invalid(path, 'zip 文件已损坏', 'the zip is corrupt');
  if (files.length === 0) throw invalid(path, 'zip 中没有文件', 'the zip holds no file');
  if (files.length > 1) throw invalid(path, 'zip 中只能有一个文件', 'the zip must hold exactly one file');
  const first = files[0]!;
  if (!first.done) throw invalid(path, 'zip 文件不完整', 'the zip is truncated');
  const content = new Uint8Array(total);
  let at = 0;
  for (const c of first.chunks) {
    content.set(c, at);
    at += c.length;
  }
  return { name: first.name, content };
}

/** A zip holding one file. */
export function zipOne(name: string, content: Uint8Array): Uint8Array {
  return zipSync({ [name]: content }, { level: 6 });
}
