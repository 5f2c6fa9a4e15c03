/** One answer envelope of the gateway, as parsed JSON. */
export type HisAnswer = Record<string, unknown>;

/** What a full or incremental catalogue download brought. */
export interface CatalogueDownload {
  /** the version to send next time */
  readonly ver: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly pages: number;
}

/**
 * Downloads a catalogue (1301/1305/1306) page by page from version `ver` (empty = everything)
 * until `has_more` is "0". `send` posts one message's input and returns the answer envelope; a
 * refused page throws with its err_msg. The version to keep is the one of the last page.
 */
export async function downloadCatalogue(
  send: (input: Record<string, unknown>) => Promise<HisAnswer>,
  o: { readonly ver?: string; readonly pageSize?: number; readonly maxPages?: number } = {},
): Promise<CatalogueDownload> {
  const rows: Record<string, unknown>[] = [];
  let ver = o.ver ?? '';
  for (let page = 1; page <= (o.maxPages ?? 10_000); page++) {
    const answer = await send({ data: { ver: o.ver ?? '', page_num: page, page_size: o.pageSize ?? 500 } });
    if (answer.infcode !== 0) throw new Error(String(answer.err_msg ?? 'refused'));
    const output = answer.output as { ver: string; has_more: string; data: Record<string, unknown>[] };
    rows.push(...output.data);
    ver = output.ver;
    if (output.has_more !== '1') return { ver, rows, pages: page };
  }
  throw new Error(`more than ${o.maxPages ?? 10_000} pages`);
}
