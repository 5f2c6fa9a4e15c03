import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * The CJK fonts every printed document uses: Noto Sans SC Regular and Bold, read from the
 * @expo-google-fonts/noto-sans-sc package (static TTF instances, about 10 MB each) so that no
 * system font is needed. pdfkit embeds only the glyphs a document uses.
 */
export interface CjkFonts {
  readonly regular: Buffer;
  readonly bold: Buffer;
}

/** Names the fonts are registered under in a PDFKit document by {@link registerCjkFonts}. */
export const CJK_REGULAR = 'NotoSansSC-Regular';
export const CJK_BOLD = 'NotoSansSC-Bold';

const require = createRequire(import.meta.url);

/** Absolute paths of the two TTF files inside node_modules. */
export function cjkFontPaths(): { readonly regular: string; readonly bold: string } {
  return {
    regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
    bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
  };
}

let cached: Promise<CjkFonts> | undefined;

/** Reads the fonts once per process; a failed read is retried on the next call. */
export function loadCjkFonts(): Promise<CjkFonts> {
  if (!cached) {
    const paths = cjkFontPaths();
    cached = Promise.all([readFile(paths.regular), readFile(paths.bold)]).then(
      ([regular, bold]) => ({ regular, bold }),
      (err: unknown) => {
        cached = undefined;
        throw err;
      },
    );
  }
  return cached;
}

/** The part of a PDFKit document that registers fonts (kept structural so callers need no cast). */
interface FontRegistry {
  registerFont(name: string, src?: Buffer): unknown;
}

/** Registers the fonts as {@link CJK_REGULAR} and {@link CJK_BOLD}. */
export function registerCjkFonts(doc: FontRegistry, fonts: CjkFonts): void {
  doc.registerFont(CJK_REGULAR, fonts.regular);
  doc.registerFont(CJK_BOLD, fonts.bold);
}
