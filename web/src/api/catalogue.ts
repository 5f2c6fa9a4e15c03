import { apiUrl, http } from './client';
import type {
  CatalogueExportFormat,
  CatalogueImportResponse,
  CatalogueItem,
  CatalogueQuery,
  CatalogueVersion,
  IsoDate,
  ItemList,
  Page,
} from './types';

export function listCatalogueItems(
  query: CatalogueQuery,
  signal?: AbortSignal,
): Promise<Page<CatalogueItem>> {
  return http.get('/catalogue/items', query, signal);
}

/** Every imported version of a region's catalogue (a short list, not paginated). */
export function listCatalogueVersions(
  regionCode: string,
  signal?: AbortSignal,
): Promise<ItemList<CatalogueVersion>> {
  return http.get('/catalogue/versions', { regionCode }, signal);
}

export interface CatalogueImportInput {
  readonly regionCode: string;
  readonly effectiveFrom: IsoDate;
  readonly note: string;
  readonly file: File;
}

/** Uploads a CSV or XLSX catalogue; answers 422 YB_ERR_CATALOGUE_IMPORT_INVALID with row errors when any row is invalid. */
export function importCatalogue(input: CatalogueImportInput): Promise<CatalogueImportResponse> {
  const form = new FormData();
  // fields before the file so a streaming multipart parser sees them first
  form.append('regionCode', input.regionCode);
  form.append('effectiveFrom', input.effectiveFrom);
  form.append('note', input.note);
  form.append('file', input.file, input.file.name);
  return http.postForm('/catalogue/imports', form);
}

/** A same-origin link that downloads the catalogue in force at `date` (the session cookie goes along). */
export function catalogueExportUrl(
  regionCode: string,
  date: IsoDate | undefined,
  format: CatalogueExportFormat,
): string {
  return apiUrl('/catalogue/export', { regionCode, date, format });
}
