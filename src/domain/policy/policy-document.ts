import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { type BasisPoints, type Fen, fen, parseRatio, parseYuan } from '../money/fen.js';
import { applyRatio } from '../money/rounding.js';
import {
  BENEFIT_KINDS,
  type Benefit,
  type BenefitKind,
  BUCKETS,
  type CapRule,
  type Condition,
  type CrossRegionStatus,
  type DeductibleRule,
  type Policy,
  type RatioRule,
  type Segment,
  type Tier,
} from './policy.js';

/**
 * The policy document as staff write it (YAML or JSON): money in yuan, ratios as fractions
 * (0.7) or percentages ("70%"). `compilePolicy` validates it and names the path of every problem.
 */
const Yuan = Type.Union([Type.Number({ minimum: 0 }), Type.String()], {
  description: 'yuan, at most two decimals',
});
const Ratio = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.String()], {
  description: 'fraction 0–1 or "70%"',
});
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Kind = Type.Enum(BENEFIT_KINDS as BenefitKind[]);
const CrossStatus = Type.Enum(['local', 'filedLongTerm', 'filedTemporary', 'unfiledTemporary']);

const conditionFields = {
  levels: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 3 }))),
  categories: Type.Optional(Type.Array(Type.String())),
  ageMin: Type.Optional(Type.Integer({ minimum: 0 })),
  ageMax: Type.Optional(Type.Integer({ minimum: 0 })),
  crossRegion: Type.Optional(Type.Array(CrossStatus)),
  assistanceCategories: Type.Optional(Type.Array(Type.String())),
  benefits: Type.Optional(Type.Array(Kind)),
  flags: Type.Optional(Type.Array(Type.String())),
};

/** A condition; `not` holds when its own fields do not all hold (one level deep). */
const When = Type.Object(
  {
    ...conditionFields,
    not: Type.Optional(Type.Object(conditionFields, { additionalProperties: false, minProperties: 1 })),
  },
  { additionalProperties: false },
);

const SegmentDoc = Type.Object(
  { from: Type.Optional(Yuan), to: Type.Optional(Type.Union([Yuan, Type.Null()])), ratio: Ratio },
  { additionalProperties: false },
);

const AmountDoc = Type.Union([
  Yuan,
  Type.Object({ percentOf: Yuan, ratio: Ratio }, { additionalProperties: false }),
]);

const BenefitDoc = Type.Object(
  {
    sharesWith: Type.Optional(Kind),
    deductible: Type.Optional(
      Type.Object(
        {
          per: Type.Enum(['year', 'admission', 'visit', 'none']),
          amounts: Type.Optional(
            Type.Array(
              Type.Object(
                { when: Type.Optional(When), amount: AmountDoc, note: Type.Optional(Type.String()) },
                { additionalProperties: false },
              ),
            ),
          ),
          laterAdmissions: Type.Optional(
            Type.Object(
              { factors: Type.Array(Ratio, { minItems: 1 }), floor: Type.Optional(Yuan) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    ratios: Type.Array(
      Type.Object(
        {
          when: Type.Optional(When),
          ratio: Type.Optional(Ratio),
          segments: Type.Optional(Type.Array(SegmentDoc, { minItems: 1 })),
          ageFormula: Type.Optional(
            Type.Object(
              { base: Ratio, perYear: Ratio, max: Type.Optional(Ratio) },
              { additionalProperties: false },
            ),
          ),
          fixed: Type.Optional(Yuan),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    cap: Type.Optional(
      Type.Object(
        {
          fundPerYear: Type.Optional(Yuan),
          eligiblePerYear: Type.Optional(Yuan),
          sharedKey: Type.Optional(Type.String()),
          rules: Type.Optional(
            Type.Array(
              Type.Object(
                {
                  when: Type.Optional(When),
                  fundPerYear: Type.Optional(Yuan),
                  eligiblePerYear: Type.Optional(Yuan),
                  note: Type.Optional(Type.String()),
                },
                { additionalProperties: false },
              ),
              { minItems: 1 },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    afterRatioDeduction: Type.Optional(Yuan),
    chargeFactors: Type.Optional(Type.Record(Type.String(), Ratio)),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const TierDoc = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    payer: Type.String({ minLength: 1 }),
    when: Type.Optional(When),
    exclusiveGroup: Type.Optional(Type.String({ minLength: 1 })),
    parts: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Type.String()),
          base: Type.Array(Type.Enum(BUCKETS as string[]), { minItems: 1 }),
          segments: Type.Array(SegmentDoc, { minItems: 1 }),
          capPerYear: Type.Optional(Yuan),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    capPerYear: Type.Optional(Yuan),
    note: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const PolicyDocumentSchema = Type.Object(
  {
    id: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    region: Type.String({ pattern: '^\\d{6}$' }),
    insuranceType: Type.String({ pattern: '^\\d{3}$' }),
    effectiveFrom: IsoDate,
    effectiveTo: Type.Optional(Type.Union([IsoDate, Type.Null()])),
    rounding: Type.Optional(Type.Enum(['halfUp', 'down', 'up', 'halfEven'])),
    accumulatorYearStartMonth: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    sources: Type.Optional(Type.Array(Type.String())),
    notes: Type.Optional(Type.Array(Type.String())),
    lines: Type.Optional(
      Type.Object(
        {
          classBFirstSelfPay: Type.Optional(Ratio),
          negotiatedFirstSelfPay: Type.Optional(Ratio),
          itemRatioOverrides: Type.Optional(Type.Boolean()),
          specialClasses: Type.Optional(
            Type.Record(
              Type.String(),
              Type.Object(
                { firstSelfPay: Ratio, coinsurance: Type.Optional(Type.Boolean()) },
                { additionalProperties: false },
              ),
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    benefits: Type.Record(Type.String(), BenefitDoc),
    crossRegion: Type.Optional(
      Type.Record(Type.String(), Type.Object({ extraFirstSelfPay: Ratio }, { additionalProperties: false })),
    ),
    tiers: Type.Optional(Type.Array(TierDoc)),
    personalAccount: Type.Optional(
      Type.Object({ covers: Type.Enum(['all', 'inScopeOnly', 'none']) }, { additionalProperties: false }),
    ),
    creditPayment: Type.Optional(
      Type.Object(
        {
          enabled: Type.Boolean(),
          maxCash: Yuan,
          dueDays: Type.Integer({ minimum: 1, maximum: 365 }),
          remindDaysBefore: Type.Optional(Type.Integer({ minimum: 0, maximum: 60 })),
          categories: Type.Optional(Type.Array(Type.String())),
          note: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export type PolicyDocument = Static<typeof PolicyDocumentSchema>;

export interface PolicyProblem {
  readonly path: string;
  readonly message: string;
}

export type CompileResult =
  | { readonly ok: true; readonly policy: Policy }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/** Validates a parsed document and compiles it; every problem names its path, e.g. /benefits/inpatient/ratios/0/ratio. */
export function compilePolicy(doc: unknown): CompileResult {
  const schemaProblems = [...Value.Errors(PolicyDocumentSchema, doc)]
    .filter((e) => e.keyword !== 'boolean' && e.keyword !== 'anyOf')
    .map((e) => ({ path: e.instancePath || '/', message: e.message }));
  if (schemaProblems.length > 0) return { ok: false, problems: dedupe(schemaProblems) };
  const d = doc as PolicyDocument;
  const problems: PolicyProblem[] = [];
  const rounding = d.rounding ?? 'halfUp';

  const yuan = (v: number | string, path: string): Fen => {
    const r = parseYuan(String(v));
    if (!r.ok || r.value < 0) {
      problems.push({
        path,
        message: `not a non-negative yuan amount with at most two decimals: ${String(v)}`,
      });
      return fen(0);
    }
    return r.value;
  };
  const ratio = (v: number | string, path: string): BasisPoints => {
    const r = parseRatio(String(v));
    if (!r.ok) {
      problems.push({ path, message: `${r.reason}: ${String(v)}` });
      return 0 as BasisPoints;
    }
    return r.value;
  };
  const condition = (w: Static<typeof When> | undefined): Condition => ({ ...(w ?? {}) }) as Condition;
  const segments = (list: readonly Static<typeof SegmentDoc>[], path: string): Segment[] => {
    const out = list.map((s, i) => ({
      from: s.from === undefined ? fen(0) : yuan(s.from, `${path}/${i}/from`),
      to: s.to === undefined || s.to === null ? null : yuan(s.to, `${path}/${i}/to`),
      ratio: ratio(s.ratio, `${path}/${i}/ratio`),
    }));
    out.forEach((s, i) => {
      if (s.to !== null && s.to <= s.from)
        problems.push({ path: `${path}/${i}/to`, message: 'segment must end after it starts' });
      const next = out[i + 1];
      if (next && (s.to === null || next.from < s.to))
        problems.push({
          path: `${path}/${i + 1}/from`,
          message: 'segments must not overlap and must be in order',
        });
    });
    return out;
  };

  const benefits: Partial<Record<BenefitKind, Benefit>> = {};
  for (const [key, b] of Object.entries(d.benefits)) {
    const path = `/benefits/${key}`;
    if (!BENEFIT_KINDS.includes(key as BenefitKind)) {
      problems.push({ path, message: `unknown benefit; expected one of ${BENEFIT_KINDS.join(', ')}` });
      continue;
    }
    const kind = key as BenefitKind;
    if (b.sharesWith && !(b.sharesWith in d.benefits))
      problems.push({ path: `${path}/sharesWith`, message: `no benefit ${b.sharesWith} in this policy` });
    const deductibleRules: DeductibleRule[] = (b.deductible?.amounts ?? []).map((a, i) => {
      const p = `${path}/deductible/amounts/${i}`;
      const amount =
        typeof a.amount === 'object'
          ? applyRatio(
              yuan(a.amount.percentOf, `${p}/amount/percentOf`),
              ratio(a.amount.ratio, `${p}/amount/ratio`),
              rounding,
            )
          : yuan(a.amount, `${p}/amount`);
      return { when: condition(a.when), amount, clause: `${p}${a.note ? ` (${a.note})` : ''}` };
    });
    if (b.deductible && b.deductible.per !== 'none' && deductibleRules.length === 0)
      problems.push({
        path: `${path}/deductible/amounts`,
        message: 'a deductible needs at least one amount',
      });
    const ratios: RatioRule[] = b.ratios.map((r, i) => {
      const p = `${path}/ratios/${i}`;
      const clause = `${p}${r.note ? ` (${r.note})` : ''}`;
      const given = [
        r.ratio !== undefined,
        r.segments !== undefined,
        r.ageFormula !== undefined,
        r.fixed !== undefined,
      ].filter(Boolean).length;
      if (given !== 1)
        problems.push({ path: p, message: 'give exactly one of ratio, segments, ageFormula or fixed' });
      if (r.fixed !== undefined)
        return { when: condition(r.when), kind: 'fixed', amount: yuan(r.fixed, `${p}/fixed`), clause };
      if (r.ageFormula) {
        return {
          when: condition(r.when),
          kind: 'ageFormula',
          base: ratio(r.ageFormula.base, `${p}/ageFormula/base`),
          perYear: ratio(r.ageFormula.perYear, `${p}/ageFormula/perYear`),
          max:
            r.ageFormula.max === undefined
              ? (10000 as BasisPoints)
              : ratio(r.ageFormula.max, `${p}/ageFormula/max`),
          clause,
        };
      }
      const segs = r.segments
        ? segments(r.segments, `${p}/segments`)
        : [{ from: fen(0), to: null, ratio: ratio(r.ratio ?? 0, `${p}/ratio`) }];
      return { when: condition(r.when), kind: 'segments', segments: segs, clause };
    });
    // Follow a chain of shares to its root (A shares with B, B with C: all keep C's accumulators).
    let accumulatorKey: string = kind;
    const seen = new Set<string>([kind]);
    for (let next = d.benefits[accumulatorKey]?.sharesWith; next; next = d.benefits[next]?.sharesWith) {
      if (seen.has(next)) {
        problems.push({ path: `${path}/sharesWith`, message: 'benefits share with each other in a circle' });
        break;
      }
      seen.add(next);
      accumulatorKey = next;
    }
    benefits[kind] = {
      kind,
      accumulatorKey,
      deductible: {
        per: b.deductible?.per ?? 'none',
        rules: deductibleRules,
        laterAdmissionFactors: (b.deductible?.laterAdmissions?.factors ?? ['1']).map((f, i) =>
          ratio(f, `${path}/deductible/laterAdmissions/factors/${i}`),
        ),
        floor:
          b.deductible?.laterAdmissions?.floor === undefined
            ? null
            : yuan(b.deductible.laterAdmissions.floor, `${path}/deductible/laterAdmissions/floor`),
      },
      ratios,
      cap: {
        fundPerYear:
          b.cap?.fundPerYear === undefined ? null : yuan(b.cap.fundPerYear, `${path}/cap/fundPerYear`),
        eligiblePerYear:
          b.cap?.eligiblePerYear === undefined
            ? null
            : yuan(b.cap.eligiblePerYear, `${path}/cap/eligiblePerYear`),
        key: b.cap?.sharedKey ?? accumulatorKey,
        rules: (b.cap?.rules ?? []).map((r, i): CapRule => {
          const p = `${path}/cap/rules/${i}`;
          if (r.fundPerYear === undefined && r.eligiblePerYear === undefined)
            problems.push({ path: p, message: 'a cap rule needs fundPerYear or eligiblePerYear' });
          return {
            when: condition(r.when),
            fundPerYear: r.fundPerYear === undefined ? undefined : yuan(r.fundPerYear, `${p}/fundPerYear`),
            eligiblePerYear:
              r.eligiblePerYear === undefined ? undefined : yuan(r.eligiblePerYear, `${p}/eligiblePerYear`),
            path: p,
            note: r.note,
          };
        }),
      },
      afterRatioDeduction:
        b.afterRatioDeduction === undefined
          ? fen(0)
          : yuan(b.afterRatioDeduction, `${path}/afterRatioDeduction`),
      chargeFactors: Object.fromEntries(
        Object.entries(b.chargeFactors ?? {}).map(([k, v]) => [k, ratio(v, `${path}/chargeFactors/${k}`)]),
      ),
    };
  }

  const crossRegion = {} as Record<CrossRegionStatus, { extraFirstSelfPay: BasisPoints }>;
  for (const status of ['local', 'filedLongTerm', 'filedTemporary', 'unfiledTemporary'] as const) {
    const v = d.crossRegion?.[status];
    crossRegion[status] = {
      extraFirstSelfPay: v
        ? ratio(v.extraFirstSelfPay, `/crossRegion/${status}/extraFirstSelfPay`)
        : (0 as BasisPoints),
    };
  }
  for (const k of Object.keys(d.crossRegion ?? {})) {
    if (!(k in crossRegion))
      problems.push({
        path: `/crossRegion/${k}`,
        message: 'expected local, filedLongTerm, filedTemporary or unfiledTemporary',
      });
  }

  const seenTiers = new Set<string>();
  const tiers: Tier[] = (d.tiers ?? []).map((t, i) => {
    const path = `/tiers/${i}`;
    if (seenTiers.has(t.id)) problems.push({ path: `${path}/id`, message: `tier id ${t.id} repeats` });
    seenTiers.add(t.id);
    return {
      id: t.id,
      payer: t.payer,
      when: condition(t.when),
      exclusiveGroup: t.exclusiveGroup ?? null,
      parts: t.parts.map((p, j) => ({
        id: p.id ?? `part${j + 1}`,
        base: p.base as Tier['parts'][number]['base'],
        segments: segments(p.segments, `${path}/parts/${j}/segments`),
        capPerYear: p.capPerYear === undefined ? null : yuan(p.capPerYear, `${path}/parts/${j}/capPerYear`),
        clause: `${path}/parts/${j}${p.note ? ` (${p.note})` : ''}`,
      })),
      capPerYear: t.capPerYear === undefined ? null : yuan(t.capPerYear, `${path}/capPerYear`),
      clause: `${path}${t.note ? ` (${t.note})` : ''}`,
    };
  });

  const specialClasses = Object.fromEntries(
    Object.entries(d.lines?.specialClasses ?? {}).map(([k, v]) => [
      k,
      {
        firstSelfPay: ratio(v.firstSelfPay, `/lines/specialClasses/${k}/firstSelfPay`),
        coinsurance: v.coinsurance ?? true,
      },
    ]),
  );
  if (d.effectiveTo && d.effectiveTo < d.effectiveFrom)
    problems.push({ path: '/effectiveTo', message: 'ends before it starts' });
  const policy: Policy = {
    id: d.id,
    name: d.name,
    region: d.region,
    insuranceType: d.insuranceType,
    effectiveFrom: d.effectiveFrom,
    effectiveTo: d.effectiveTo ?? null,
    rounding,
    accumulatorYearStartMonth: d.accumulatorYearStartMonth ?? 1,
    lines: {
      classBFirstSelfPay:
        d.lines?.classBFirstSelfPay === undefined
          ? (0 as BasisPoints)
          : ratio(d.lines.classBFirstSelfPay, '/lines/classBFirstSelfPay'),
      negotiatedFirstSelfPay:
        d.lines?.negotiatedFirstSelfPay === undefined
          ? null
          : ratio(d.lines.negotiatedFirstSelfPay, '/lines/negotiatedFirstSelfPay'),
      itemRatioOverrides: d.lines?.itemRatioOverrides ?? true,
      specialClasses,
    },
    benefits,
    crossRegion,
    tiers,
    personalAccount: { covers: d.personalAccount?.covers ?? 'all' },
    creditPayment: d.creditPayment?.enabled
      ? {
          maxCash: yuan(d.creditPayment.maxCash, '/creditPayment/maxCash'),
          dueDays: d.creditPayment.dueDays,
          remindDaysBefore: d.creditPayment.remindDaysBefore ?? 3,
          categories: d.creditPayment.categories ?? null,
        }
      : null,
    notes: d.notes ?? [],
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, policy };
}

function dedupe(problems: PolicyProblem[]): PolicyProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.path} ${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
