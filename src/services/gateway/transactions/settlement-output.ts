import type { Selectable } from 'kysely';
import {
  FUND_COLUMNS,
  type FundColumn,
  fundPayTypeOf,
  PERSONAL_ACCOUNT_FUND,
} from '../../../domain/gateway/fund-pay-type.js';
import { clearingTypeOf, gendOf, psnTypeOf } from '../../../domain/gateway/wire-codes.js';
import { fen, formatYuan } from '../../../domain/money/fen.js';
import { ageOn } from '../../../domain/registry/person-input.js';
import type { Breakdown } from '../../../domain/settlement/breakdown.js';
import type { Executor } from '../../../store/database.js';
import type { EnrolmentTable, PersonTable, VisitTable } from '../../../store/schema.js';
import type { Plain } from '../../view.js';

const yuan = (f: number) => Number(formatYuan(fen(f)));

/** Everything setlinfo needs beside the breakdown. */
export interface SettlementFacts {
  readonly visit: Selectable<VisitTable>;
  readonly person: Selectable<PersonTable>;
  readonly category: string | null;
  readonly civilServant: boolean;
  readonly mdtrtCertType: string;
  readonly setlId: string | null;
  readonly setlTime: string;
  readonly medinsSetlId: string;
  /** personal-account balance after this settlement, in fen */
  readonly balanceAfter: number;
}

/** Reads the enrolment category, civil-servant flag and balance the output reports. */
export async function settlementFacts(
  tx: Executor,
  visit: Selectable<VisitTable>,
): Promise<{
  person: Selectable<PersonTable>;
  category: string | null;
  civilServant: boolean;
  balance: number;
}> {
  // One round trip: the person with the enrolment category, civil-servant flag and balance.
  const row = await tx
    .selectFrom('persons as p')
    .selectAll('p')
    .select((eb) => [
      eb
        .selectFrom('enrolments as e')
        .select('e.category')
        .whereRef('e.person_id', '=', 'p.id')
        .where('e.status', '=', 'active')
        .where('e.insurance_type', '=', visit.insurance_type as EnrolmentTable['insurance_type'])
        .orderBy('e.id')
        .limit(1)
        .as('enrolment_category'),
      eb
        .exists(
          eb
            .selectFrom('enrolments as e')
            .select('e.id')
            .whereRef('e.person_id', '=', 'p.id')
            .where('e.status', '=', 'active')
            .where('e.insurance_type', '=', '320'),
        )
        .as('civil_servant'),
      eb
        .selectFrom('personal_accounts as a')
        .select('a.balance')
        .whereRef('a.person_id', '=', 'p.id')
        .limit(1)
        .as('account_balance'),
    ])
    .where('p.id', '=', visit.person_id)
    .executeTakeFirstOrThrow();
  const { enrolment_category, civil_servant, account_balance, ...person } = row;
  return {
    person,
    category: enrolment_category ?? null,
    civilServant: civil_servant === true,
    balance: account_balance === null || account_balance === undefined ? 0 : Number(account_balance),
  };
}

/**
 * setlinfo + setldetail of 2206/2207/2208 (reference §2) from a breakdown, in yuan. `sign` −1
 * negates the amounts (a 2208 reversal). The identities hold to the fen because every figure is
 * one of the breakdown's: medfee_sumamt = fund_pay_sumamt + psn_part_amt (hosp_part_amt = 0) and
 * psn_part_amt = acct_pay + psn_cash_pay.
 */
export function settlementOutput(b: Plain<Breakdown>, f: SettlementFacts, sign: 1 | -1 = 1) {
  const columns = Object.fromEntries(FUND_COLUMNS.map((c) => [c, 0])) as Record<FundColumn, number>;
  const details: { fund_pay_type: string; fund_pay_type_name: string; fund_payamt: number }[] = [];
  for (const p of b.payers) {
    const t = fundPayTypeOf(p.payer, f.visit.insurance_type);
    columns[t.column] += p.amount;
    const row = details.find((d) => d.fund_pay_type === t.code);
    if (row) row.fund_payamt += p.amount;
    else details.push({ fund_pay_type: t.code, fund_pay_type_name: t.name, fund_payamt: p.amount });
  }
  if (b.personalAccount !== 0)
    details.push({
      fund_pay_type: PERSONAL_ACCOUNT_FUND.code,
      fund_pay_type_name: PERSONAL_ACCOUNT_FUND.name,
      fund_payamt: b.personalAccount,
    });
  const m = (x: number) => yuan(sign * x);
  const pooled = columns.hifp_pay;
  const base = b.inScope - b.deductible;
  return {
    setlinfo: {
      mdtrt_id: String(f.visit.id),
      ...(f.setlId ? { setl_id: f.setlId } : {}),
      psn_no: f.person.psn_no,
      psn_name: f.person.name,
      psn_cert_type: '01',
      certno: f.person.certno,
      gend: gendOf(f.person.sex),
      naty: f.person.ethnicity || null,
      brdy: f.person.birth_date,
      age: ageOn(f.person.birth_date, f.visit.begin_date),
      insutype: f.visit.insurance_type,
      psn_type: psnTypeOf(f.category),
      cvlserv_flag: f.civilServant ? '1' : '0',
      setl_time: f.setlTime,
      mdtrt_cert_type: f.mdtrtCertType,
      med_type: f.visit.med_type,
      medfee_sumamt: m(b.total),
      fulamt_ownpay_amt: m(b.fullSelfPay),
      overlmt_selfpay: m(b.overLimitSelfPay),
      preselfpay_amt: m(b.firstSelfPay),
      inscp_scp_amt: m(b.inScope),
      act_pay_dedc: m(b.deductible),
      ...Object.fromEntries(FUND_COLUMNS.map((c) => [c, m(columns[c])])),
      pool_prop_selfpay: base > 0 ? Number((pooled / base).toFixed(4)) : 0,
      fund_pay_sumamt: m(b.fundTotal),
      psn_part_amt: m(b.personTotal),
      acct_pay: m(b.personalAccount),
      psn_cash_pay: m(b.cash),
      hosp_part_amt: 0,
      balc: yuan(f.balanceAfter),
      acct_mulaid_pay: m(
        b.accountPayments.filter((a) => a.owner !== 'self').reduce((s, a) => s + a.amount, 0),
      ),
      medins_setl_id: f.medinsSetlId,
      clr_optins: f.visit.insured_region_code,
      clr_way: '1',
      clr_type: clearingTypeOf(f.visit.benefit),
    },
    setldetail: details.map((d) => ({
      fund_pay_type: d.fund_pay_type,
      inscp_scp_amt: m(b.inScope),
      crt_payb_lmt_amt: null,
      fund_payamt: m(d.fund_payamt),
      fund_pay_type_name: d.fund_pay_type_name,
      setl_proc_info: null,
    })),
  };
}
