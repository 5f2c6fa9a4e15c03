import PDFDocument from 'pdfkit';
import { maskCertno } from '../../domain/identity/mask.js';
import { type Fen, fen, formatYuan } from '../../domain/money/fen.js';
import type { Breakdown } from '../../domain/settlement/breakdown.js';
import { PAYER_NAMES } from '../../domain/settlement/payers.js';
import { CJK_BOLD, CJK_REGULAR, loadCjkFonts, registerCjkFonts } from './fonts.js';

/** One fee line as printed: the visit's line joined with the breakdown's result for it. */
export interface SettlementSlipLine {
  readonly lineNo: number;
  readonly code: string;
  readonly name: string;
  /** as entered, e.g. "2" or "0.5" */
  readonly quantity: string;
  readonly unitPrice: Fen;
  readonly amount: Fen;
  readonly fullSelfPay: Fen;
  readonly firstSelfPay: Fen;
  readonly overLimitSelfPay: Fen;
  readonly inScope: Fen;
}

/** Everything a printed 医疗保障基金结算单 shows, as plain data (no database access here). */
export interface SettlementSlip {
  readonly setlNo: string;
  /** ISO 8601 instant; printed in Beijing time and used as the PDF's CreationDate */
  readonly settledAt: string;
  readonly status: 'settled' | 'reversed';
  /** ISO 8601 instant of the reversal, printed on the 已撤销 stamp when given */
  readonly reversedAt?: string | null;
  readonly policyId: string;
  /** level: display label such as 三级甲等 (see {@link institutionLevelLabel}) */
  readonly institution: { readonly name: string; readonly code: string; readonly level: string | null };
  /** certno is the full ID number; only its masked form is printed */
  readonly person: { readonly name: string; readonly certno: string; readonly psnNo: string };
  readonly insuranceTypeName: string;
  readonly medTypeName: string;
  /** YYYY-MM-DD */
  readonly beginDate: string;
  readonly endDate: string | null;
  /** the care region (就医地) */
  readonly regionName: string;
  /** the insured region (参保地) */
  readonly insuredRegionName: string;
  readonly crossRegion: boolean;
  readonly lines: readonly SettlementSlipLine[];
  readonly breakdown: Breakdown;
}

const LEVEL_DIGITS = ['', '一', '二', '三'] as const;

/** 1|2|3 and 甲|乙|丙 → 三级甲等, 二级, 未定级. */
export function institutionLevelLabel(
  level: number | null | undefined,
  grade?: '甲' | '乙' | '丙' | null,
): string {
  const digit = level ? LEVEL_DIGITS[level] : undefined;
  if (!digit) return '未定级';
  return grade ? `${digit}级${grade}等` : `${digit}级`;
}

// ---------------------------------------------------------------------------------------------
// Layout (points; A4 portrait is 595.28 × 841.89)

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const LEFT = 36;
const RIGHT = PAGE_W - 36;
const WIDTH = RIGHT - LEFT;
const TOP = 36;
const CONT_TOP = 58;
const BOTTOM = PAGE_H - 52;
const FOOTER_Y = PAGE_H - 40;
const PAD_X = 3;
const PAD_Y = 2.5;
const BORDER = '#444444';
const LABEL_BG = '#f1f3f5';
const MUTED = '#555555';
const RED = '#c8102e';

type Align = 'left' | 'center' | 'right';
type Doc = PDFKit.PDFDocument;

interface Column {
  readonly title: string;
  readonly width: number;
  readonly align: Align;
  readonly value: (line: SettlementSlipLine) => string;
}

const money = (n: Fen): string => formatYuan(n);

const COLUMNS: readonly Column[] = [
  { title: '序号', width: 24, align: 'center', value: (l) => String(l.lineNo) },
  { title: '项目编码', width: 108, align: 'left', value: (l) => l.code },
  { title: '项目名称', width: 117.28, align: 'left', value: (l) => l.name },
  { title: '数量', width: 34, align: 'right', value: (l) => l.quantity },
  { title: '单价', width: 40, align: 'right', value: (l) => money(l.unitPrice) },
  { title: '金额', width: 40, align: 'right', value: (l) => money(l.amount) },
  { title: '全自费', width: 40, align: 'right', value: (l) => money(l.fullSelfPay) },
  { title: '超限价自付', width: 40, align: 'right', value: (l) => money(l.overLimitSelfPay) },
  { title: '先行自付', width: 40, align: 'right', value: (l) => money(l.firstSelfPay) },
  { title: '政策范围内', width: 40, align: 'right', value: (l) => money(l.inScope) },
];

const TABLE_SIZE = 7.5;
const INFO_SIZE = 8.5;
const STEP_SIZE = 6.5;

/** Beijing time (UTC+8, no daylight saving) as YYYY-MM-DD HH:mm:ss. */
function beijingTime(iso: string, what: string): string {
  const d = parseInstant(iso, what);
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function parseInstant(iso: string, what: string): Date {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) throw new RangeError(`${what} is not an ISO 8601 time: ${iso}`);
  return d;
}

/** Lays out the slip with a cursor; page breaks are explicit so nothing flows on its own. */
class SlipWriter {
  y = TOP;
  /** set while the fee table is being drawn so a page break repeats its header */
  private inTable = false;

  constructor(
    private readonly doc: Doc,
    private readonly slip: SettlementSlip,
  ) {}

  private style(font: string, size: number, color = '#000000'): void {
    this.doc.font(font).fontSize(size).fillColor(color);
  }

  private textHeight(text: string, font: string, size: number, width: number): number {
    this.doc.font(font).fontSize(size);
    return this.doc.heightOfString(text === '' ? ' ' : text, { width, lineGap: 0 });
  }

  private ensure(height: number): void {
    if (this.y + height <= BOTTOM) return;
    this.doc.addPage();
    this.continuationHeader();
    if (this.inTable) this.tableHeader();
  }

  private continuationHeader(): void {
    const s = this.slip;
    this.style(CJK_BOLD, 9);
    this.doc.text('医疗保障基金结算单（续）', LEFT, 30, { width: WIDTH, align: 'left', lineBreak: false });
    this.style(CJK_REGULAR, 8, MUTED);
    this.doc.text(`结算流水号 ${s.setlNo}　　${s.person.name}`, LEFT, 31, {
      width: WIDTH,
      align: 'right',
      lineBreak: false,
    });
    this.rule(46, 0.8);
    this.y = CONT_TOP;
  }

  private rule(y: number, width = 0.5): void {
    this.doc.save().lineWidth(width).strokeColor(BORDER).moveTo(LEFT, y).lineTo(RIGHT, y).stroke().restore();
  }

  private box(x: number, y: number, w: number, h: number, fill?: string): void {
    const d = this.doc.save().lineWidth(0.5).strokeColor(BORDER);
    if (fill) d.rect(x, y, w, h).fillAndStroke(fill, BORDER);
    else d.rect(x, y, w, h).stroke();
    d.restore();
  }

  private cellText(text: string, x: number, y: number, w: number, font: string, size: number, align: Align) {
    this.style(font, size);
    this.doc.text(text, x + PAD_X, y + PAD_Y, { width: w - 2 * PAD_X, align, lineGap: 0 });
  }

  // -------------------------------------------------------------------------------------------

  title(): void {
    const s = this.slip;
    this.style(CJK_BOLD, 18);
    this.doc.text('医疗保障基金结算单', LEFT, this.y, { width: WIDTH, align: 'center', lineBreak: false });
    if (s.crossRegion) this.tag('异地就医', LEFT, this.y + 4);
    if (s.status === 'reversed') this.reversedStamp();
    this.y += 30;
    this.style(CJK_REGULAR, 9);
    this.doc.text(`结算流水号：${s.setlNo}`, LEFT, this.y, { width: WIDTH, align: 'left', lineBreak: false });
    this.doc.text(`结算时间：${beijingTime(s.settledAt, 'settledAt')}`, LEFT, this.y, {
      width: WIDTH,
      align: 'right',
      lineBreak: false,
    });
    this.y += 14;
    if (s.status === 'reversed') {
      const at = s.reversedAt ? `　撤销时间：${beijingTime(s.reversedAt, 'reversedAt')}` : '';
      this.style(CJK_BOLD, 9, RED);
      this.doc.text(`本结算已撤销${at}`, LEFT, this.y, { width: WIDTH, align: 'right', lineBreak: false });
      this.y += 14;
    }
    this.y += 2;
  }

  private tag(text: string, x: number, y: number): void {
    this.style(CJK_BOLD, 9);
    const w = this.doc.widthOfString(text) + 10;
    this.doc.save().lineWidth(1).strokeColor(RED).roundedRect(x, y, w, 17, 2).stroke().restore();
    this.style(CJK_BOLD, 9, RED);
    this.doc.text(text, x + 5, y + 2.5, { lineBreak: false });
  }

  private reversedStamp(): void {
    const doc = this.doc;
    const cx = RIGHT - 50;
    const cy = TOP + 8;
    doc.save().rotate(-12, { origin: [cx, cy] });
    doc
      .lineWidth(2)
      .strokeColor(RED)
      .roundedRect(cx - 44, cy - 15, 88, 30, 4)
      .stroke();
    this.style(CJK_BOLD, 18, RED);
    doc.text('已撤销', cx - 44, cy - 13, { width: 88, align: 'center', lineBreak: false });
    doc.restore();
  }

  /**
   * A bordered row of label/value pairs. Each label gets `labelWidth` (or its measured width) and
   * the rest of the row is shared among the values by weight.
   */
  private pairRow(
    pairs: readonly { label: string; value: string; weight?: number; align?: Align; bold?: boolean }[],
    size: number,
    labelWidth?: number,
  ): void {
    this.doc.font(CJK_REGULAR).fontSize(size);
    const labels = pairs.map((p) => labelWidth ?? this.doc.widthOfString(p.label) + 2 * PAD_X + 4);
    const free = WIDTH - labels.reduce((a, b) => a + b, 0);
    const weights = pairs.map((p) => p.weight ?? 1);
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const values = weights.map((w) => (free * w) / totalWeight);
    let h = 0;
    pairs.forEach((p, i) => {
      const lw = labels[i] ?? 0;
      const vw = values[i] ?? 0;
      h = Math.max(
        h,
        this.textHeight(p.label, CJK_REGULAR, size, lw - 2 * PAD_X),
        this.textHeight(p.value, p.bold ? CJK_BOLD : CJK_REGULAR, size, vw - 2 * PAD_X),
      );
    });
    h += 2 * PAD_Y;
    this.ensure(h);
    let x = LEFT;
    pairs.forEach((p, i) => {
      const lw = labels[i] ?? 0;
      const vw = values[i] ?? 0;
      this.box(x, this.y, lw, h, LABEL_BG);
      this.cellText(p.label, x, this.y, lw, CJK_REGULAR, size, 'left');
      x += lw;
      this.box(x, this.y, vw, h);
      this.cellText(p.value, x, this.y, vw, p.bold ? CJK_BOLD : CJK_REGULAR, size, p.align ?? 'left');
      x += vw;
    });
    this.y += h;
  }

  /** keep: height of the first part of the section that should stay on the title's page */
  private sectionTitle(text: string, note?: string, keep = 24): void {
    this.ensure(22 + keep);
    this.y += 6;
    this.style(CJK_BOLD, 10);
    this.doc.text(text, LEFT, this.y, { lineBreak: false });
    if (note) {
      this.style(CJK_REGULAR, 7.5, MUTED);
      this.doc.text(note, LEFT, this.y + 3, { width: WIDTH, align: 'right', lineBreak: false });
    }
    this.y += 16;
  }

  info(): void {
    const s = this.slip;
    this.sectionTitle('就诊信息');
    this.pairRow(
      [
        { label: '定点医药机构', value: s.institution.name, weight: 3 },
        { label: '机构编码', value: s.institution.code, weight: 2.2 },
        { label: '机构等级', value: s.institution.level ?? '未定级', weight: 1 },
      ],
      INFO_SIZE,
    );
    this.pairRow(
      [
        { label: '姓名', value: s.person.name, weight: 1.2 },
        { label: '证件号码', value: maskCertno(s.person.certno), weight: 2 },
        { label: '人员编号', value: s.person.psnNo, weight: 2 },
      ],
      INFO_SIZE,
    );
    this.pairRow(
      [
        { label: '险种类型', value: s.insuranceTypeName, weight: 2 },
        { label: '医疗类别', value: s.medTypeName, weight: 1.2 },
        { label: '就诊日期', value: `${s.beginDate} 至 ${s.endDate ?? '—'}`, weight: 2 },
      ],
      INFO_SIZE,
    );
    this.pairRow(
      [
        { label: '参保地', value: s.insuredRegionName, weight: 2 },
        { label: '就医地', value: s.regionName, weight: 2 },
        { label: '异地就医', value: s.crossRegion ? '是' : '否', weight: 0.8, bold: s.crossRegion },
      ],
      INFO_SIZE,
    );
  }

  private tableHeader(): void {
    let h = 0;
    for (const c of COLUMNS)
      h = Math.max(h, this.textHeight(c.title, CJK_BOLD, TABLE_SIZE, c.width - 2 * PAD_X));
    h += 2 * PAD_Y;
    let x = LEFT;
    for (const c of COLUMNS) {
      this.box(x, this.y, c.width, h, LABEL_BG);
      this.cellText(c.title, x, this.y, c.width, CJK_BOLD, TABLE_SIZE, 'center');
      x += c.width;
    }
    this.y += h;
  }

  private tableRow(cells: readonly string[], font: string, spanFirst = 1): void {
    // spanFirst merges the first n columns into one cell (used by the total row)
    const widths: number[] = [];
    const aligns: Align[] = [];
    let merged = 0;
    COLUMNS.forEach((c, i) => {
      if (i < spanFirst) {
        merged += c.width;
        if (i === spanFirst - 1) {
          widths.push(merged);
          aligns.push('center');
        }
      } else {
        widths.push(c.width);
        aligns.push(c.align);
      }
    });
    let h = 0;
    widths.forEach((w, i) => {
      h = Math.max(h, this.textHeight(cells[i] ?? '', font, TABLE_SIZE, w - 2 * PAD_X));
    });
    h += 2 * PAD_Y;
    this.ensure(h);
    let x = LEFT;
    widths.forEach((w, i) => {
      this.box(x, this.y, w, h);
      this.cellText(cells[i] ?? '', x, this.y, w, font, TABLE_SIZE, aligns[i] ?? 'left');
      x += w;
    });
    this.y += h;
  }

  feeTable(): void {
    const lines = this.slip.lines;
    this.sectionTitle(`费用明细（共 ${lines.length} 项）`, '金额单位：元', 60);
    this.inTable = true;
    this.tableHeader();
    for (const line of lines)
      this.tableRow(
        COLUMNS.map((c) => c.value(line)),
        CJK_REGULAR,
      );
    const sum = (pick: (l: SettlementSlipLine) => Fen): string =>
      money(fen(lines.reduce((acc, l) => acc + pick(l), 0)));
    this.tableRow(
      [
        '合计',
        sum((l) => l.amount),
        sum((l) => l.fullSelfPay),
        sum((l) => l.overLimitSelfPay),
        sum((l) => l.firstSelfPay),
        sum((l) => l.inScope),
      ],
      CJK_BOLD,
      5,
    );
    this.inTable = false;
  }

  summary(): void {
    const b = this.slip.breakdown;
    const mutualAid = b.accountPayments.filter((p) => p.owner !== 'self').reduce((a, p) => a + p.amount, 0);
    const items: { label: string; value: string; bold?: boolean }[] = [
      { label: '医疗费总额', value: money(b.total), bold: true },
      { label: '全自费', value: money(b.fullSelfPay) },
      { label: '超限价自付', value: money(b.overLimitSelfPay) },
      { label: '先行自付', value: money(b.firstSelfPay) },
      { label: '政策范围内', value: money(b.inScope) },
      { label: '起付标准', value: money(b.deductible) },
      ...b.payers.map((p) => ({ label: PAYER_NAMES[p.payer]?.zh ?? p.payer, value: money(p.amount) })),
      { label: '基金支付合计', value: money(b.fundTotal), bold: true },
      { label: '个人负担合计', value: money(b.personTotal), bold: true },
      { label: '个人账户支付', value: money(b.personalAccount) },
      ...(mutualAid !== 0 ? [{ label: '其中：共济支付', value: money(fen(mutualAid)) }] : []),
      { label: '现金支付', value: money(b.cash), bold: true },
    ];
    const rows = Math.ceil(items.length / 3);
    this.sectionTitle('结算信息', '金额单位：元', rows * (INFO_SIZE * 1.45 + 2 * PAD_Y));
    for (let i = 0; i < items.length; i += 3) {
      const row = items.slice(i, i + 3);
      while (row.length < 3) row.push({ label: '', value: '' });
      this.pairRow(
        row.map((it) => ({ ...it, align: 'right' as const })),
        INFO_SIZE,
        88,
      );
    }
  }

  signatures(): void {
    this.ensure(34);
    this.y += 14;
    this.style(CJK_REGULAR, 9);
    const third = WIDTH / 3;
    this.doc.text('参保人（或代理人）签字：', LEFT, this.y, { width: third, lineBreak: false });
    this.doc.text('经办人：', LEFT + third + 20, this.y, { width: third, lineBreak: false });
    this.doc.text('定点医药机构（盖章）', LEFT + 2 * third, this.y, {
      width: third,
      align: 'right',
      lineBreak: false,
    });
    this.y += 16;
  }

  steps(): void {
    const steps = this.slip.breakdown.steps;
    if (steps.length === 0) return;
    this.sectionTitle('计算说明');
    steps.forEach((st, i) => {
      const where = st.lineNo !== undefined ? `［第 ${st.lineNo} 项］` : '';
      const text = `${i + 1}. ${where}${st.zh}：${st.formula}　（${st.clause}）`;
      const h = this.textHeight(text, CJK_REGULAR, STEP_SIZE, WIDTH) + 1;
      this.ensure(h);
      this.style(CJK_REGULAR, STEP_SIZE, '#333333');
      this.doc.text(text, LEFT, this.y, { width: WIDTH, lineGap: 0 });
      this.y += h;
    });
  }

  /** Footer, page numbers and the 已撤销 watermark on every buffered page. */
  finish(): void {
    const doc = this.doc;
    const s = this.slip;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      if (s.status === 'reversed') this.watermark();
      this.rule(FOOTER_Y - 4);
      this.style(CJK_REGULAR, 7, MUTED);
      doc.text(`政策：${s.policyId}`, LEFT, FOOTER_Y, { width: WIDTH / 3, lineBreak: false });
      doc.text(`第 ${i - range.start + 1} 页 / 共 ${range.count} 页`, LEFT, FOOTER_Y, {
        width: WIDTH,
        align: 'center',
        lineBreak: false,
      });
      doc.text('本结算单由 Yibao 医保平台打印', LEFT, FOOTER_Y, {
        width: WIDTH,
        align: 'right',
        lineBreak: false,
      });
      doc.text('金额以医保结算系统记录为准；证件号码已脱敏。', LEFT, FOOTER_Y + 10, {
        width: WIDTH,
        align: 'right',
        lineBreak: false,
      });
    }
  }

  private watermark(): void {
    const doc = this.doc;
    doc.save();
    doc.rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] });
    doc.fillOpacity(0.12);
    doc.font(CJK_BOLD).fontSize(110).fillColor(RED);
    doc.text('已撤销', 0, PAGE_H / 2 - 80, { width: PAGE_W, align: 'center', lineBreak: false });
    doc.restore();
  }
}

/**
 * Renders a settlement slip (医疗保障基金结算单) as an A4 PDF. The fonts are read once per
 * process; the output is deterministic for the same input (CreationDate and the file ID come
 * from settledAt).
 */
export async function renderSettlementSlip(slip: SettlementSlip): Promise<Buffer> {
  const fonts = await loadCjkFonts();
  const created = parseInstant(slip.settledAt, 'settledAt');
  const reversed = slip.status === 'reversed';
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    autoFirstPage: false,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: `医疗保障基金结算单 ${slip.setlNo}${reversed ? '（已撤销）' : ''}`,
      Subject: '医疗保障基金结算单',
      Author: slip.institution.name,
      Creator: 'Yibao',
      Producer: 'Yibao (PDFKit)',
      CreationDate: created,
      ModDate: created,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  registerCjkFonts(doc, fonts);
  doc.addPage({ size: 'A4', margin: 0 });

  const w = new SlipWriter(doc, slip);
  w.title();
  w.info();
  w.feeTable();
  w.summary();
  w.signatures();
  w.steps();
  w.finish();
  doc.end();
  return done;
}
