import { type Static, type TSchema, Type } from 'typebox';
import { Value } from 'typebox/value';
import {
  type BasisPoints,
  type Fen,
  fen,
  formatRatio,
  formatYuan,
  parseRatio,
  parseYuan,
} from '../money/fen.js';
import { BENEFIT_KINDS, type BenefitKind } from '../policy/policy.js';
import type { Claim, FeeLine, SettlementState } from './claim.js';

/**
 * Claim and state documents for `yibao calc` and the test fixtures. A claim is written as people
 * read bills: prices in yuan, quantities as decimals. A state is the engine's own year-to-date
 * record: accumulators and account balances in fen, exactly as a breakdown's `accumulators` add up.
 */
const Yuan = Type.Union([Type.Number({ minimum: 0 }), Type.String()]);
const Ratio = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.String()]);

const LineDoc = Type.Object(
  {
    lineNo: Type.Optional(Type.Integer({ minimum: 1 })),
    code: Type.Optional(Type.String()),
    name: Type.String({ minLength: 1 }),
    itemClass: Type.Enum(['A', 'B', 'C', 'none']),
    unitPrice: Yuan,
    quantity: Type.Optional(Type.Union([Type.Number({ minimum: 0 }), Type.String()])),
    firstSelfPay: Type.Optional(Ratio),
    paymentStandard: Type.Optional(Yuan),
    specialClass: Type.Optional(Type.String()),
    negotiated: Type.Optional(Type.Boolean()),
    serviceCategory: Type.Optional(Type.String()),
    commercialList: Type.Optional(Type.Enum(['specificDrug', 'specialDrug'])),
    restrictions: Type.Optional(
      Type.Object(
        {
          sex: Type.Optional(Type.Enum(['M', 'F'])),
          ageMin: Type.Optional(Type.Integer({ minimum: 0 })),
          ageMax: Type.Optional(Type.Integer({ minimum: 0 })),
          minLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 3 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ClaimDocumentSchema = Type.Object(
  {
    benefit: Type.Enum(BENEFIT_KINDS as BenefitKind[]),
    serviceDate: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    institutionLevel: Type.Integer({ minimum: 0, maximum: 3 }),
    person: Type.Object(
      {
        category: Type.String(),
        age: Type.Integer({ minimum: 0, maximum: 150 }),
        sex: Type.Enum(['M', 'F']),
        assistanceCategories: Type.Optional(Type.Array(Type.String())),
        crossRegion: Type.Optional(
          Type.Enum(['local', 'filedLongTerm', 'filedTemporary', 'unfiledTemporary']),
        ),
        flags: Type.Optional(Type.Array(Type.String())),
      },
      { additionalProperties: false },
    ),
    useAccount: Type.Optional(Type.Boolean()),
    lines: Type.Array(LineDoc, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const StateDocumentSchema = Type.Object(
  {
    accumulators: Type.Optional(Type.Record(Type.String(), Type.Integer())),
    accounts: Type.Optional(
      Type.Array(
        Type.Object(
          { owner: Type.String(), balance: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
      ),
    ),
  },
  { additionalProperties: false },
);

export type ClaimDocument = Static<typeof ClaimDocumentSchema>;
export interface DocProblem {
  readonly path: string;
  readonly message: string;
}

function schemaProblems(schema: TSchema, doc: unknown): DocProblem[] {
  return [...Value.Errors(schema, doc)]
    .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
    .map((e) => ({ path: e.instancePath || '/', message: e.message }));
}

/** Parses a quantity written as a decimal with at most four places into ten-thousandths. */
export function parseQuantity(text: string): number | null {
  const m = /^(\d{1,9})(?:\.(\d{1,4}))?$/.exec(text.trim());
  if (!m) return null;
  return Number(m[1]) * 10000 + Number((m[2] ?? '').padEnd(4, '0'));
}

export function parseClaimDocument(
  doc: unknown,
): { ok: true; claim: Claim } | { ok: false; problems: DocProblem[] } {
  const problems = schemaProblems(ClaimDocumentSchema, doc);
  if (problems.length) return { ok: false, problems };
  const d = doc as ClaimDocument;
  const yuan = (v: number | string, path: string): Fen => {
    const r = parseYuan(String(v));
    if (!r.ok || r.value < 0) {
      problems.push({ path, message: `not a yuan amount with at most two decimals: ${String(v)}` });
      return fen(0);
    }
    return r.value;
  };
  const lines: FeeLine[] = d.lines.map((l, i) => {
    const path = `/lines/${i}`;
    const quantity10k = parseQuantity(String(l.quantity ?? 1));
    if (quantity10k === null)
      problems.push({
        path: `${path}/quantity`,
        message: 'quantity must be a decimal with at most four places',
      });
    let firstSelfPay: BasisPoints | undefined;
    if (l.firstSelfPay !== undefined) {
      const r = parseRatio(String(l.firstSelfPay));
      if (r.ok) firstSelfPay = r.value;
      else problems.push({ path: `${path}/firstSelfPay`, message: r.reason });
    }
    return {
      lineNo: l.lineNo ?? i + 1,
      code: l.code ?? `LINE${i + 1}`,
      name: l.name,
      quantity10k: quantity10k ?? 0,
      unitPrice: yuan(l.unitPrice, `${path}/unitPrice`),
      itemClass: l.itemClass as FeeLine['itemClass'],
      ...(firstSelfPay !== undefined ? { firstSelfPay } : {}),
      ...(l.paymentStandard !== undefined
        ? { paymentStandard: yuan(l.paymentStandard, `${path}/paymentStandard`) }
        : {}),
      ...(l.specialClass ? { specialClass: l.specialClass } : {}),
      ...(l.negotiated !== undefined ? { negotiated: l.negotiated } : {}),
      ...(l.serviceCategory ? { serviceCategory: l.serviceCategory } : {}),
      ...(l.commercialList ? { commercialList: l.commercialList as FeeLine['commercialList'] } : {}),
      ...(l.restrictions ? { restrictions: l.restrictions as FeeLine['restrictions'] } : {}),
    } as FeeLine;
  });
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    claim: {
      benefit: d.benefit as BenefitKind,
      serviceDate: d.serviceDate,
      institutionLevel: d.institutionLevel,
      person: d.person as Claim['person'],
      lines,
      ...(d.useAccount !== undefined ? { useAccount: d.useAccount } : {}),
    },
  };
}

export function parseStateDocument(
  doc: unknown,
): { ok: true; state: SettlementState } | { ok: false; problems: DocProblem[] } {
  const problems = schemaProblems(StateDocumentSchema, doc ?? {});
  if (problems.length) return { ok: false, problems };
  const d = (doc ?? {}) as Static<typeof StateDocumentSchema>;
  return {
    ok: true,
    state: {
      accumulators: d.accumulators ?? {},
      accounts: (d.accounts ?? []).map((a) => ({ owner: a.owner, balance: fen(a.balance) })),
    },
  };
}

/** Writes a claim back as a claim document (yuan, decimal quantities): parseClaimDocument's inverse. */
export function claimToDocument(claim: Claim): ClaimDocument {
  const quantity = (q10k: number) => {
    const frac = String(q10k % 10000)
      .padStart(4, '0')
      .replace(/0+$/, '');
    return frac ? `${Math.trunc(q10k / 10000)}.${frac}` : String(Math.trunc(q10k / 10000));
  };
  return {
    benefit: claim.benefit,
    serviceDate: claim.serviceDate,
    institutionLevel: claim.institutionLevel,
    person: {
      category: claim.person.category,
      age: claim.person.age,
      sex: claim.person.sex,
      ...(claim.person.assistanceCategories?.length
        ? { assistanceCategories: [...claim.person.assistanceCategories] }
        : {}),
      ...(claim.person.crossRegion ? { crossRegion: claim.person.crossRegion } : {}),
      ...(claim.person.flags?.length ? { flags: [...claim.person.flags] } : {}),
    },
    ...(claim.useAccount !== undefined ? { useAccount: claim.useAccount } : {}),
    lines: claim.lines.map((l) => ({
      lineNo: l.lineNo,
      code: l.code,
      name: l.name,
      itemClass: l.itemClass,
      unitPrice: formatYuan(l.unitPrice),
      quantity: quantity(l.quantity10k),
      ...(l.firstSelfPay !== undefined ? { firstSelfPay: formatRatio(l.firstSelfPay) } : {}),
      ...(l.paymentStandard !== undefined ? { paymentStandard: formatYuan(l.paymentStandard) } : {}),
      ...(l.specialClass ? { specialClass: l.specialClass } : {}),
      ...(l.negotiated !== undefined ? { negotiated: l.negotiated } : {}),
      ...(l.serviceCategory ? { serviceCategory: l.serviceCategory } : {}),
      ...(l.commercialList ? { commercialList: l.commercialList } : {}),
      ...(l.restrictions && Object.keys(l.restrictions).length
        ? { restrictions: { ...l.restrictions } }
        : {}),
    })),
  } as ClaimDocument;
}

/** The state after a settlement: accumulators plus the breakdown's changes (minus them to reverse). */
export function applyAccumulators(
  state: SettlementState,
  changes: Readonly<Record<string, number>>,
  sign: 1 | -1 = 1,
): SettlementState {
  const accumulators: Record<string, number> = { ...state.accumulators };
  for (const [k, v] of Object.entries(changes)) {
    if (k.startsWith('account.')) continue;
    const next = (accumulators[k] ?? 0) + sign * v;
    if (next === 0) delete accumulators[k];
    else accumulators[k] = next;
  }
  const accounts = (state.accounts ?? []).map((a) => ({
    owner: a.owner,
    balance: fen(a.balance + sign * (changes[`account.${a.owner}`] ?? 0)),
  }));
  return { accumulators, accounts };
}
