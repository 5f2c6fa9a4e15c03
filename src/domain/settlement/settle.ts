import { type BasisPoints, type Fen, fen, formatYuan } from '../money/fen.js';
import { applyRatio, priceTimesQuantity } from '../money/rounding.js';
import type { Benefit, Bucket, Condition, Policy, RatioRule, Segment } from '../policy/policy.js';
import type { Breakdown, LineResult, Payment, SettleResult, Step } from './breakdown.js';
import type { Claim, FeeLine, SettlementState } from './claim.js';
import { payerName } from './payers.js';
import { payOnSegments } from './segments.js';

const y = (f: number) => formatYuan(fen(f));
const pct = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : 2)}%`;

/** Whether a rule's conditions hold for this claim. */
export function matches(when: Condition, claim: Claim): boolean {
  const p = claim.person;
  if (when.levels && !when.levels.includes(claim.institutionLevel)) return false;
  if (when.categories && !when.categories.includes(p.category)) return false;
  if (when.ageMin !== undefined && p.age < when.ageMin) return false;
  if (when.ageMax !== undefined && p.age > when.ageMax) return false;
  if (when.crossRegion && !when.crossRegion.includes(p.crossRegion ?? 'local')) return false;
  if (
    when.assistanceCategories &&
    !when.assistanceCategories.some((c) => p.assistanceCategories?.includes(c))
  )
    return false;
  if (when.benefits && !when.benefits.includes(claim.benefit)) return false;
  if (when.flags && !when.flags.some((f) => p.flags?.includes(f))) return false;
  if (when.not && matches(when.not, claim)) return false;
  return true;
}

/**
 * The benefit's annual limits for this claim: the first cap rule whose condition fits replaces
 * the limits it states; the others stay the benefit's. Each limit names the clause it came from.
 */
export function capsFor(benefit: Benefit, claim: Claim) {
  const rule = benefit.cap.rules.find((r) => matches(r.when, claim));
  const limit = (name: 'fundPerYear' | 'eligiblePerYear') => {
    const own = rule?.[name];
    return rule && own !== undefined
      ? { value: own, clause: `${rule.path}/${name}${rule.note ? ` (${rule.note})` : ''}` }
      : { value: benefit.cap[name], clause: `/benefits/${benefit.kind}/cap/${name}` };
  };
  const fund = limit('fundPerYear');
  const eligible = limit('eligiblePerYear');
  return {
    fundPerYear: fund.value,
    fundClause: fund.clause,
    eligiblePerYear: eligible.value,
    eligibleClause: eligible.clause,
  };
}

/** Accumulator keys, so the service and the tests name them the same way. */
export const accumulatorKeys = {
  deductible: (key: string) => `${key}.deductible`,
  admissions: (key: string) => `${key}.admissions`,
  eligible: (key: string) => `${key}.eligible`,
  fund: (key: string) => `${key}.fund`,
  tierBase: (tier: string, part: string) => `tier.${tier}.${part}.base`,
  tierPartPaid: (tier: string, part: string) => `tier.${tier}.${part}.paid`,
  tierPaid: (tier: string) => `tier.${tier}.paid`,
  account: (owner: string) => `account.${owner}`,
};

/**
 * Settles a claim under a policy from the year-to-date state: who pays what, to the fen, with
 * the rule behind every amount and the accumulator changes. Pure: the same inputs give the same
 * breakdown, so pre-settlement and settlement agree.
 */
export function settle(policy: Policy, claim: Claim, state: SettlementState): SettleResult {
  const benefit = policy.benefits[claim.benefit];
  if (!benefit)
    return {
      ok: false,
      code: 'YB_ERR_BENEFIT_NOT_COVERED',
      reason: `policy ${policy.id} has no ${claim.benefit} benefit`,
    };
  for (const l of claim.lines) {
    if (
      !Number.isSafeInteger(l.quantity10k) ||
      l.quantity10k < 0 ||
      !Number.isSafeInteger(l.unitPrice) ||
      l.unitPrice < 0
    ) {
      return {
        ok: false,
        code: 'YB_ERR_BAD_CLAIM',
        reason: `line ${l.lineNo}: quantity and price must be non-negative integers`,
      };
    }
  }
  const mode = policy.rounding;
  const steps: Step[] = [];
  const delta: Record<string, number> = {};
  const acc = (k: string) => state.accumulators[k] ?? 0;
  const add = (k: string, v: number) => {
    if (v !== 0) delta[k] = (delta[k] ?? 0) + v;
  };
  const step = (s: Step) => steps.push(s);

  // 1. Lines: full self-pay, over-limit, first self-pay, in scope.
  const lines: LineResult[] = [];
  let coinsured = 0;
  let noCoinsurance = 0;
  const buckets: Record<Bucket, number> = {
    inScopeShare: 0,
    firstSelfPay: 0,
    overLimit: 0,
    fullSelfPay: 0,
    specificDrug: 0,
    specialDrug: 0,
  };
  const crossExtra = policy.crossRegion[claim.person.crossRegion ?? 'local'].extraFirstSelfPay;
  for (const line of claim.lines) {
    const r = splitLine(policy, benefit, claim, line, crossExtra, step);
    lines.push(r.result);
    coinsured += r.coinsured;
    noCoinsurance += r.noCoinsurance;
    buckets.firstSelfPay += r.result.firstSelfPay;
    buckets.overLimit += r.result.overLimitSelfPay;
    if (line.commercialList && r.result.fullSelfPay > 0) buckets[line.commercialList] += r.result.fullSelfPay;
    else buckets.fullSelfPay += r.result.fullSelfPay;
  }
  const sum = (k: keyof LineResult) => fen(lines.reduce((s, l) => s + (l[k] as number), 0));
  const total = sum('amount');
  const inScope = sum('inScope');

  // 2. Pooled fund: deductible, segments, cap.
  const key = benefit.accumulatorKey;
  const deductibleDue = deductibleFor(benefit, claim, acc(accumulatorKeys.admissions(key)), mode);
  let deductibleRemaining = 0;
  if (benefit.deductible.per === 'year')
    deductibleRemaining = Math.max(0, deductibleDue.amount - acc(accumulatorKeys.deductible(key)));
  else if (benefit.deductible.per !== 'none') deductibleRemaining = deductibleDue.amount;
  if (benefit.deductible.per === 'admission') add(accumulatorKeys.admissions(key), 1);
  const deductible = fen(Math.min(deductibleRemaining, coinsured));
  add(accumulatorKeys.deductible(key), deductible);
  if (benefit.deductible.per !== 'none') {
    step({
      rule: 'pooledFund.deductible',
      clause: deductibleDue.clause,
      amount: deductible,
      formula:
        benefit.deductible.per === 'year'
          ? `min(${y(deductibleDue.amount)} − ${y(acc(accumulatorKeys.deductible(key)))} used this year, ${y(coinsured)}) = ${y(deductible)}`
          : `min(${deductibleDue.formula}, ${y(coinsured)}) = ${y(deductible)}`,
      zh: `起付标准（${{ year: '年度', admission: '每次住院', visit: '每次就诊', none: '' }[benefit.deductible.per]}），由个人负担`,
      en: `deductible (${benefit.deductible.per}), paid by the person`,
    });
  }
  let eligible = coinsured - deductible;
  const caps = capsFor(benefit, claim);
  if (caps.eligiblePerYear !== null) {
    const room = Math.max(0, caps.eligiblePerYear - acc(accumulatorKeys.eligible(key)));
    if (eligible > room) {
      step({
        rule: 'pooledFund.eligibleCap',
        clause: caps.eligibleClause,
        amount: fen(eligible - room),
        formula: `${y(eligible)} − ${y(room)} left under the ${y(caps.eligiblePerYear)} annual limit = ${y(eligible - room)}`,
        zh: '超过年度最高支付限额的费用，由个人负担',
        en: 'cost above the annual limit, paid by the person',
      });
      eligible = room;
    }
  }
  const rule = benefit.ratios.find((r) => matches(r.when, claim));
  if (!rule)
    return {
      ok: false,
      code: 'YB_ERR_NO_RATIO_RULE',
      reason: `no ratio rule of ${benefit.kind} fits level ${claim.institutionLevel}, category ${claim.person.category}, age ${claim.person.age}`,
    };
  let ratioPaid: number;
  if (rule.kind === 'fixed') {
    // 定额: the fund pays a fixed amount per visit, never more than the eligible cost.
    ratioPaid = Math.min(rule.amount, eligible);
    step({
      rule: 'pooledFund.fixed',
      clause: rule.clause,
      amount: fen(ratioPaid),
      formula: `min(${y(rule.amount)} fixed, ${y(eligible)} eligible) = ${y(ratioPaid)}`,
      zh: `统筹基金定额支付（${y(rule.amount)} 元）`,
      en: `pooled fund pays a fixed ${y(rule.amount)}`,
    });
  } else {
    const segments = segmentsOf(rule, claim.person.age);
    const position = acc(accumulatorKeys.eligible(key));
    const ratioPay = payOnSegments(position, fen(eligible), segments, mode);
    for (const p of ratioPay.portions) {
      step({
        rule: 'pooledFund.ratio',
        clause: rule.clause,
        amount: p.pay,
        formula: `${y(p.portion)} × ${pct(p.ratio)} = ${y(p.pay)}`,
        zh: `统筹基金按比例支付（${pct(p.ratio)}）`,
        en: `pooled fund pays ${pct(p.ratio)}`,
      });
    }
    ratioPaid = ratioPay.pay;
  }
  let fund = ratioPaid + noCoinsurance;
  if (noCoinsurance > 0) {
    step({
      rule: 'pooledFund.noCoinsurance',
      clause: '/lines/specialClasses',
      amount: fen(noCoinsurance),
      formula: `${y(noCoinsurance)} × 100% = ${y(noCoinsurance)}`,
      zh: '特殊类别项目先行自付后的部分由统筹基金全额支付',
      en: 'special-class items: the fund pays all of the rest after first self-pay',
    });
  }
  if (benefit.afterRatioDeduction > 0) {
    const netted = Math.min(fund, benefit.afterRatioDeduction);
    fund -= netted;
    step({
      rule: 'pooledFund.afterRatioDeduction',
      clause: `/benefits/${benefit.kind}/afterRatioDeduction`,
      amount: fen(netted),
      formula: `${y(fund + netted)} − ${y(netted)} = ${y(fund)}`,
      zh: '按比例计算后再扣减的固定金额，由个人负担',
      en: 'fixed amount netted after the ratio, paid by the person',
    });
  }
  if (caps.fundPerYear !== null) {
    const room = Math.max(0, caps.fundPerYear - acc(accumulatorKeys.fund(benefit.cap.key)));
    if (fund > room) {
      step({
        rule: 'pooledFund.cap',
        clause: caps.fundClause,
        amount: fen(fund - room),
        formula: `min(${y(fund)}, ${y(room)} left under the ${y(caps.fundPerYear)} cap) = ${y(room)}`,
        zh: '统筹基金年度最高支付限额（封顶线）',
        en: 'annual fund cap reached',
      });
      fund = room;
    }
  }
  add(accumulatorKeys.eligible(key), eligible);
  add(accumulatorKeys.fund(benefit.cap.key), fund);
  const payers: Payment[] = [{ payer: 'pooledFund', amount: fen(fund) }];
  buckets.inScopeShare = coinsured + noCoinsurance - fund;

  // 3. Tiers on top, in the policy's order, each from what the person still owes.
  const groupsPaid = new Set<string>();
  for (const tier of policy.tiers) {
    if (!matches(tier.when, claim)) continue;
    // Only the first fitting tier of an exclusive group applies, even if it pays nothing.
    if (tier.exclusiveGroup !== null) {
      if (groupsPaid.has(tier.exclusiveGroup)) continue;
      groupsPaid.add(tier.exclusiveGroup);
    }
    let tierPaid = 0;
    const tierRoom =
      tier.capPerYear === null
        ? Number.POSITIVE_INFINITY
        : Math.max(0, tier.capPerYear - acc(accumulatorKeys.tierPaid(tier.id)));
    for (const part of tier.parts) {
      const base = part.base.reduce((s, b) => s + buckets[b], 0);
      const start = acc(accumulatorKeys.tierBase(tier.id, part.id));
      const raw = payOnSegments(start, fen(base), part.segments, mode);
      const partRoom =
        part.capPerYear === null
          ? Number.POSITIVE_INFINITY
          : Math.max(0, part.capPerYear - acc(accumulatorKeys.tierPartPaid(tier.id, part.id)));
      const pay = Math.min(raw.pay, partRoom, tierRoom - tierPaid);
      for (const p of raw.portions) {
        step({
          rule: `tier.${tier.id}`,
          clause: part.clause,
          amount: p.pay,
          formula: `${y(p.portion)} × ${pct(p.ratio)} = ${y(p.pay)}  (base ${y(p.from)}–${y(p.to)} of the year)`,
          zh: `${payerName(tier.payer).zh}按 ${pct(p.ratio)} 支付`,
          en: `${payerName(tier.payer).en} pays ${pct(p.ratio)}`,
        });
      }
      if (pay < raw.pay) {
        step({
          rule: `tier.${tier.id}.cap`,
          clause: tier.clause,
          amount: fen(raw.pay - pay),
          formula: `${y(raw.pay)} → ${y(pay)}`,
          zh: `${tier.payer} 达到年度支付限额`,
          en: `${tier.payer} annual cap`,
        });
      }
      // Consume what was paid from the buckets in the order the part lists them.
      let left = pay;
      for (const b of part.base) {
        const take = Math.min(left, buckets[b]);
        buckets[b] -= take;
        left -= take;
      }
      add(accumulatorKeys.tierBase(tier.id, part.id), base);
      add(accumulatorKeys.tierPartPaid(tier.id, part.id), pay);
      tierPaid += pay;
    }
    add(accumulatorKeys.tierPaid(tier.id), tierPaid);
    const existing = payers.findIndex((p) => p.payer === tier.payer);
    if (existing >= 0)
      payers[existing] = { payer: tier.payer, amount: fen(payers[existing]!.amount + tierPaid) };
    else payers.push({ payer: tier.payer, amount: fen(tierPaid) });
  }
  const fundTotal = fen(payers.reduce((s, p) => s + p.amount, 0));
  const personTotal = fen(total - fundTotal);

  // 4. The person's share: personal accounts (own, then mutual aid) if chosen, then cash.
  const accountPayments: { owner: string; amount: Fen }[] = [];
  let personalAccount = 0;
  if (claim.useAccount && policy.personalAccount.covers !== 'none') {
    const payable =
      policy.personalAccount.covers === 'all'
        ? personTotal
        : Math.min(personTotal, buckets.inScopeShare + buckets.firstSelfPay);
    for (const account of state.accounts ?? []) {
      const draw = Math.min(account.balance, payable - personalAccount);
      if (draw <= 0) continue;
      personalAccount += draw;
      accountPayments.push({ owner: account.owner, amount: fen(draw) });
      add(accumulatorKeys.account(account.owner), -draw);
      step({
        rule: 'personalAccount',
        clause: '/personalAccount',
        amount: fen(draw),
        formula: `min(${y(account.balance)} balance, ${y(payable - personalAccount + draw)}) = ${y(draw)}`,
        zh: account.owner === 'self' ? '个人账户支付' : `家庭共济：${account.owner} 的个人账户支付`,
        en: account.owner === 'self' ? 'personal account' : `mutual aid from ${account.owner}'s account`,
      });
    }
  }
  const cash = fen(personTotal - personalAccount);
  const breakdown: Breakdown = {
    total,
    fullSelfPay: sum('fullSelfPay'),
    overLimitSelfPay: sum('overLimitSelfPay'),
    firstSelfPay: sum('firstSelfPay'),
    inScope,
    deductible,
    payers,
    fundTotal,
    personTotal,
    personalAccount: fen(personalAccount),
    accountPayments,
    cash,
    lines,
    steps,
    accumulators: delta,
  };
  return { ok: true, breakdown };
}

function deductibleFor(
  benefit: Benefit,
  claim: Claim,
  admissionsSoFar: number,
  mode: Policy['rounding'],
): { amount: number; clause: string; formula: string } {
  const rule = benefit.deductible.rules.find((r) => matches(r.when, claim));
  if (!rule) return { amount: 0, clause: `/benefits/${benefit.kind}/deductible`, formula: '0.00' };
  if (benefit.deductible.per !== 'admission')
    return { amount: rule.amount, clause: rule.clause, formula: y(rule.amount) };
  const factors = benefit.deductible.laterAdmissionFactors;
  const n = admissionsSoFar + 1;
  const factor = factors[Math.min(n, factors.length) - 1] ?? (10000 as BasisPoints);
  let amount: number = applyRatio(rule.amount, factor, mode);
  let formula = factor === 10000 ? y(rule.amount) : `${y(rule.amount)} × ${pct(factor)} (admission ${n})`;
  const floor = benefit.deductible.floor;
  if (floor !== null && amount < Math.min(floor, rule.amount)) {
    amount = Math.min(floor, rule.amount);
    formula += ` → floor ${y(amount)}`;
  }
  return { amount, clause: rule.clause, formula };
}

function segmentsOf(rule: Exclude<RatioRule, { kind: 'fixed' }>, age: number): readonly Segment[] {
  if (rule.kind === 'segments') return rule.segments;
  const bp = Math.min(rule.max, rule.base + rule.perYear * age) as BasisPoints;
  return [{ from: fen(0), to: null, ratio: bp }];
}

function splitLine(
  policy: Policy,
  benefit: Benefit,
  claim: Claim,
  line: FeeLine,
  crossExtra: BasisPoints,
  step: (s: Step) => void,
): { result: LineResult; coinsured: number; noCoinsurance: number } {
  const mode = policy.rounding;
  const factor = line.serviceCategory ? benefit.chargeFactors[line.serviceCategory] : undefined;
  const unitPrice = factor === undefined ? line.unitPrice : applyRatio(line.unitPrice, factor, mode);
  const amount = priceTimesQuantity(unitPrice, line.quantity10k, mode);
  if (factor !== undefined) {
    step({
      rule: 'line.chargeFactor',
      clause: `/benefits/${benefit.kind}/chargeFactors/${line.serviceCategory}`,
      amount,
      lineNo: line.lineNo,
      formula: `${y(line.unitPrice)} × ${pct(factor)} × ${line.quantity10k / 10000} = ${y(amount)}`,
      zh: `${line.name}：按收费标准的 ${pct(factor)} 收取`,
      en: `${line.name}: charged at ${pct(factor)} of the standard fee`,
    });
  }
  const selfPaid = (reason: string, zh: string, en: string) => {
    step({
      rule: 'line.fullSelfPay',
      clause: 'catalogue',
      amount,
      lineNo: line.lineNo,
      formula: y(amount),
      zh: `${line.name}：${zh}`,
      en: `${line.name}: ${en}`,
    });
    return {
      result: {
        lineNo: line.lineNo,
        code: line.code,
        amount,
        fullSelfPay: amount,
        overLimitSelfPay: fen(0),
        firstSelfPay: fen(0),
        inScope: fen(0),
        reason,
      },
      coinsured: 0,
      noCoinsurance: 0,
    };
  };
  if (line.itemClass === 'none')
    return selfPaid('notInCatalogue', '目录外项目，全自费', 'not in the catalogue, fully self-paid');
  if (line.itemClass === 'C') return selfPaid('classC', '丙类项目，全自费', 'class C, fully self-paid');
  const r = line.restrictions;
  if (r?.sex && r.sex !== claim.person.sex)
    return selfPaid('restrictedSex', '限定性别不符，全自费', 'restricted to the other sex, self-paid');
  if (
    (r?.ageMin !== undefined && claim.person.age < r.ageMin) ||
    (r?.ageMax !== undefined && claim.person.age > r.ageMax)
  ) {
    return selfPaid('restrictedAge', '限定年龄不符，全自费', 'outside the age restriction, self-paid');
  }
  if (r?.minLevel !== undefined && claim.institutionLevel < r.minLevel)
    return selfPaid(
      'restrictedLevel',
      '限定医院等级不符，全自费',
      'below the required institution level, self-paid',
    );

  let covered = amount;
  let overLimit = 0;
  if (line.paymentStandard !== undefined && unitPrice > line.paymentStandard) {
    covered = priceTimesQuantity(line.paymentStandard, line.quantity10k, mode);
    overLimit = amount - covered;
    step({
      rule: 'line.overLimit',
      clause: 'catalogue.paymentStandard',
      amount: fen(overLimit),
      lineNo: line.lineNo,
      formula: `(${y(unitPrice)} − ${y(line.paymentStandard)}) × ${line.quantity10k / 10000} = ${y(overLimit)}`,
      zh: `${line.name}：超过支付标准的部分自付`,
      en: `${line.name}: price above the payment standard, self-paid`,
    });
  }
  const special = line.specialClass ? policy.lines.specialClasses[line.specialClass] : undefined;
  let ratio: BasisPoints = 0 as BasisPoints;
  let clause = '';
  if (special) {
    ratio = special.firstSelfPay;
    clause = `/lines/specialClasses/${line.specialClass}`;
  } else if (line.itemClass === 'B') {
    if (policy.lines.itemRatioOverrides && line.firstSelfPay !== undefined) {
      ratio = line.firstSelfPay;
      clause = 'catalogue.firstSelfPay';
    } else if (line.negotiated && policy.lines.negotiatedFirstSelfPay !== null) {
      ratio = policy.lines.negotiatedFirstSelfPay;
      clause = '/lines/negotiatedFirstSelfPay';
    } else {
      ratio = policy.lines.classBFirstSelfPay;
      clause = '/lines/classBFirstSelfPay';
    }
  }
  let first = applyRatio(covered, ratio, mode);
  if (first > 0) {
    step({
      rule: 'line.firstSelfPay',
      clause,
      amount: first,
      lineNo: line.lineNo,
      formula: `${y(covered)} × ${pct(ratio)} = ${y(first)}`,
      zh: `${line.name}：${special ? '特殊项目' : '乙类'}先行自付 ${pct(ratio)}`,
      en: `${line.name}: first self-pay ${pct(ratio)}`,
    });
  }
  let rest = covered - first;
  if (crossExtra > 0 && rest > 0) {
    const extra = applyRatio(fen(rest), crossExtra, mode);
    first = fen(first + extra);
    rest -= extra;
    step({
      rule: 'line.crossRegionFirstSelfPay',
      clause: `/crossRegion/${claim.person.crossRegion}`,
      amount: extra,
      lineNo: line.lineNo,
      formula: `${y(rest + extra)} × ${pct(crossExtra)} = ${y(extra)}`,
      zh: `${line.name}：异地就医个人先行自付 ${pct(crossExtra)}`,
      en: `${line.name}: cross-region first self-pay ${pct(crossExtra)}`,
    });
  }
  const noCoinsurance = special && !special.coinsurance;
  return {
    result: {
      lineNo: line.lineNo,
      code: line.code,
      amount,
      fullSelfPay: fen(0),
      overLimitSelfPay: fen(overLimit),
      firstSelfPay: first,
      inScope: fen(rest),
    },
    coinsured: noCoinsurance ? 0 : rest,
    noCoinsurance: noCoinsurance ? rest : 0,
  };
}
