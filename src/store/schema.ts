import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Typed tables. Dates (`date`) are ISO strings; timestamps are Date; money columns are integer fen. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

export interface RegionTable {
  code: string;
  name: string;
  level: 'province' | 'city' | 'district';
  parent_code: string | null;
}

export interface EmployerTable {
  id: Generated<number>;
  region_code: string;
  uscc: string;
  name: string;
  size_class: 'micro' | 'small' | 'medium' | 'large';
  industry: Generated<string>;
  address: Generated<string>;
  contact_name: Generated<string>;
  contact_phone: Generated<string>;
  status: Generated<'active' | 'inactive'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface PersonTable {
  id: Generated<number>;
  psn_no: string;
  region_code: string;
  certno: string;
  name: string;
  sex: 'M' | 'F';
  birth_date: string;
  phone: Generated<string>;
  address: Generated<string>;
  ethnicity: Generated<string>;
  employer_id: number | null;
  status: Generated<'active' | 'inactive'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface ChronicDiseaseTable {
  code: string;
  name: string;
}

export interface PersonChronicDiseaseTable {
  person_id: number;
  disease_code: string;
  region_code: string;
  since: string;
}

export interface FamilyTable {
  id: Generated<number>;
  region_code: string;
  head_person_id: number;
}

export interface FamilyMemberTable {
  family_id: number;
  person_id: number;
  relation_to_head: 'self' | 'spouse' | 'child' | 'parent';
}

export interface PersonRelationTable {
  person_id: number;
  relative_id: number;
  relation: 'spouse' | 'parent' | 'child';
  region_code: string;
  created_at: CreatedAt;
}

export type InsuranceTypeCode = '310' | '390' | '320' | '330' | '392';
export type PersonCategoryCode =
  | 'employee_active'
  | 'employee_retired'
  | 'flexible'
  | 'student'
  | 'child'
  | 'adult_resident'
  | 'elderly_resident';

export interface EnrolmentTable {
  id: Generated<number>;
  person_id: number;
  region_code: string;
  insurance_type: InsuranceTypeCode;
  category: PersonCategoryCode;
  employer_id: number | null;
  start_date: string;
  end_date: string | null;
  status: 'active' | 'suspended' | 'ended';
  end_reason: string | null;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export type InstitutionKind =
  | 'hospital'
  | 'community_health_center'
  | 'township_health_center'
  | 'village_clinic'
  | 'pharmacy'
  | 'internet_hospital';

export interface InstitutionTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: InstitutionKind;
  level: 1 | 2 | 3 | null;
  level_grade: '甲' | '乙' | '丙' | null;
  region_code: string;
  address: Generated<string>;
  agreement_status: 'active' | 'suspended' | 'terminated';
  agreement_start: string;
  agreement_end: string;
  dual_channel: Generated<boolean>;
  status: Generated<'active' | 'inactive'>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface InstitutionEvaluationTable {
  institution_id: number;
  year: number;
  grade: 'excellent' | 'good' | 'qualified' | 'unqualified';
  score: number;
}

export interface InstitutionPenaltyTable {
  id: Generated<number>;
  institution_id: number;
  region_code: string;
  date: string;
  kind: 'warning' | 'fine' | 'suspension' | 'termination';
  amount: ColumnType<number, number | undefined, number>;
  reason: string;
  end_date: string | null;
  created_at: CreatedAt;
}

export interface CatalogueVersionTable {
  id: Generated<number>;
  region_code: string;
  version_no: number;
  effective_from: string;
  row_count: number;
  note: Generated<string>;
  file_name: Generated<string>;
  imported_by: string;
  imported_at: CreatedAt;
}

export interface CatalogueItemTable {
  version_id: number;
  region_code: string;
  code: string;
  kind: 'drug' | 'service' | 'consumable';
  name: string;
  generic_name: string;
  specification: string;
  dosage_form: string;
  unit: string;
  manufacturer: string;
  item_class: 'A' | 'B' | 'C';
  first_self_pay_bp: number | null;
  payment_standard: number;
  restrict_sex: 'M' | 'F' | null;
  restrict_age_min: number | null;
  restrict_age_max: number | null;
  restrict_min_level: 1 | 2 | 3 | null;
  restrict_indication: string | null;
  quantity_limit: number | null;
  negotiated: boolean;
  dual_channel: boolean;
  valid_from: string;
  valid_to: string | null;
}

export type Role =
  | 'insured'
  | 'employer_clerk'
  | 'institution_operator'
  | 'agency_clerk'
  | 'agency_reviewer'
  | 'admin';

export interface UserTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  region_codes: ColumnType<string[], string[] | undefined, string[]>;
  person_id: number | null;
  employer_id: number | null;
  institution_id: number | null;
  status: Generated<'active' | 'inactive'>;
  created_at: CreatedAt;
  last_login_at: Date | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Date;
  ip: Generated<string>;
}

export interface HistoryTable {
  id: Generated<number>;
  region_code: string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor_user_id: number | null;
  actor_username: string;
  at: CreatedAt;
  changes: ColumnType<Record<string, unknown>, string, never>;
}

export interface AccessLogTable {
  id: Generated<number>;
  at: CreatedAt;
  user_id: number;
  username: string;
  role: string;
  person_id: number;
  region_code: string;
  action: string;
  path: string;
  ip: Generated<string>;
}

export interface PolicyTable {
  id: Generated<number>;
  policy_id: string;
  region_code: string;
  insurance_type: string;
  effective_from: string;
  effective_to: string | null;
  name: string;
  document: ColumnType<unknown, string, string>;
  loaded_by: string;
  loaded_at: CreatedAt;
}

export interface PersonalAccountTable {
  person_id: number;
  region_code: string;
  balance: number;
  updated_at: Timestamp;
}

export interface MutualAidLinkTable {
  owner_person_id: number;
  beneficiary_person_id: number;
  region_code: string;
  created_at: CreatedAt;
}

/** `payment_pending`: held by a pending mobile-payment order (migration 008). */
export type VisitStatus = 'open' | 'discharged' | 'settled' | 'cancelled' | 'payment_pending';

export interface VisitTable {
  id: Generated<number>;
  region_code: string;
  insured_region_code: string;
  person_id: number;
  institution_id: number;
  insurance_type: string;
  benefit: string;
  med_type: string;
  status: VisitStatus;
  begin_date: string;
  end_date: string | null;
  cross_region: Generated<string>;
  diagnosis_code: Generated<string>;
  diagnosis_name: Generated<string>;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  assistance_categories: ColumnType<string[], string[] | undefined, string[]>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface FeeLineTable {
  id: Generated<number>;
  visit_id: number;
  region_code: string;
  line_no: number;
  code: string;
  name: string;
  item_class: string;
  quantity10k: number;
  unit_price: number;
  amount: number;
  first_self_pay_bp: number | null;
  payment_standard: number | null;
  special_class: string | null;
  negotiated: Generated<boolean>;
  service_category: string | null;
  restrictions: ColumnType<Record<string, unknown>, string | undefined, string>;
  service_date: string;
  status: Generated<'active' | 'cancelled'>;
  external_id: string | null;
  created_at: CreatedAt;
}

export interface AccumulatorTable {
  person_id: number;
  year: number;
  key: string;
  value: number;
  region_code: string;
}

export interface SettlementTable {
  id: Generated<number>;
  setl_no: string;
  region_code: string;
  insured_region_code: string;
  visit_id: number;
  person_id: number;
  institution_id: number;
  client_key: string;
  request_hash: string;
  policy_id: string;
  status: 'settled' | 'reversed';
  total: number;
  fund_total: number;
  person_total: number;
  personal_account: number;
  cash: number;
  breakdown: ColumnType<unknown, string, string>;
  inputs: ColumnType<unknown, string, string>;
  clearing_status: Generated<'none' | 'pending' | 'cleared'>;
  settled_at: CreatedAt;
  settled_by: string;
  reversed_at: Date | null;
  reversed_by: string | null;
  reverse_reason: string | null;
}

export interface PostingTable {
  id: Generated<number>;
  settlement_id: number;
  region_code: string;
  kind: 'settle' | 'reverse';
  account: string;
  amount: number;
  created_at: CreatedAt;
}

export type TerminalKind = 'counter' | 'kiosk' | 'mobile' | 'face';

export interface TerminalTable {
  id: Generated<number>;
  institution_id: number;
  region_code: string;
  dev_no: string;
  kind: TerminalKind;
  location: Generated<string>;
  paasid: string;
  pass_token: string;
  access_key: string;
  secret_key: string;
  status: Generated<'active' | 'revoked'>;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: string | null;
  /** the user who registered it; '' for terminals registered before 009 */
  created_by: Generated<string>;
  revoke_reason: string | null;
}

export interface GatewayNonceTable {
  terminal_id: number;
  nonce: string;
  at: CreatedAt;
}

export interface GatewayMessageTable {
  msgid: string;
  institution_id: number;
  infno: string;
  request_hash: string;
  response: ColumnType<unknown, string | null, string>;
  infcode: Generated<number>;
  created_at: CreatedAt;
  /** the input of a reversible message (2201/2401/2204/2301/2207/2304), for 2601 */
  request: ColumnType<unknown, string | null | undefined, string | null>;
  /** the 2601 that reversed this message */
  reversed_by_msgid: string | null;
  reversed_at: Date | null;
}

export interface GatewayFileTable {
  id: Generated<number>;
  file_qury_no: string;
  institution_id: number;
  region_code: string;
  kind: 'upload' | 'result';
  filename: string;
  content: Uint8Array;
  size: number;
  sha256: string;
  msgid: string;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface GatewayRejectionTable {
  id: Generated<number>;
  at: CreatedAt;
  reason: string;
  dev_no: string | null;
  paasid: string | null;
  access_key: string | null;
  ip: Generated<string>;
  infno: string | null;
  msgid: string | null;
}

export interface CrossRegionFilingTable {
  id: Generated<number>;
  region_code: string;
  person_id: number;
  insurance_type: string;
  care_region_code: string;
  kind: 'longTermResidence' | 'temporary' | 'referral';
  begin_date: string;
  end_date: string | null;
  status: Generated<'active' | 'revoked'>;
  reason: Generated<string>;
  referral_institution: Generated<string>;
  diagnosis_code: Generated<string>;
  diagnosis_name: Generated<string>;
  tel: Generated<string>;
  address: Generated<string>;
  created_by: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
  revoked_by: string | null;
  revoke_reason: string | null;
}

export interface EVoucherTable {
  id: Generated<number>;
  person_id: number;
  region_code: string;
  /** base64url HMAC-SHA256 key for this voucher's tokens; never returned or logged */
  signing_key: string;
  status: Generated<'active' | 'revoked'>;
  activated_at: CreatedAt;
  revoked_at: Date | null;
  revoke_reason: string | null;
}

export interface EVoucherGrantTable {
  id: Generated<number>;
  voucher_id: number;
  proxy_person_id: number;
  relation: 'spouse' | 'parent' | 'child';
  region_code: string;
  created_at: CreatedAt;
  revoked_at: Date | null;
}

export interface EVoucherScanTable {
  id: Generated<number>;
  voucher_id: number;
  grant_id: number | null;
  institution_id: number | null;
  region_code: string;
  channel: string;
  token_issued_at: Date | string;
  at: CreatedAt;
}

export interface EVoucherActivationFailureTable {
  id: Generated<number>;
  person_id: number;
  at: CreatedAt;
  ip: Generated<string>;
}

export type PaymentOrderStatus = 'pending' | 'paid' | 'declined' | 'cancelled' | 'expired';

export interface PaymentOrderTable {
  id: Generated<number>;
  order_no: string;
  region_code: string;
  visit_id: number;
  person_id: number;
  institution_id: number;
  visit_status_before: 'open' | 'discharged';
  client_key: string;
  policy_id: string;
  total: number;
  fund_share: number;
  person_share: number;
  account_share: number;
  breakdown: ColumnType<unknown, string, string>;
  status: PaymentOrderStatus;
  expires_at: Timestamp;
  created_by: string;
  created_at: CreatedAt;
  repriced_at: Date | null;
  use_account: boolean | null;
  channel: 'online' | 'credit' | null;
  paid_amount: number | null;
  paid_at: Date | null;
  settlement_id: number | null;
  ended_at: Date | null;
  ended_by: string | null;
}

export interface CreditDebtTable {
  id: Generated<number>;
  region_code: string;
  person_id: number;
  settlement_id: number;
  order_id: number | null;
  institution_id: number;
  amount: number;
  due_date: string;
  remind_on: string;
  status: 'open' | 'paid';
  created_at: CreatedAt;
  paid_at: Date | null;
  paid_channel: string | null;
}

export interface NotificationTable {
  id: Generated<number>;
  region_code: string;
  person_id: number;
  kind: string;
  subject: string;
  title_zh: string;
  title_en: string;
  created_at: CreatedAt;
  read_at: Date | null;
}

export interface SchemaMigrationTable {
  id: string;
  applied_at: CreatedAt;
}

export interface DB {
  regions: RegionTable;
  employers: EmployerTable;
  persons: PersonTable;
  chronic_diseases: ChronicDiseaseTable;
  person_chronic_diseases: PersonChronicDiseaseTable;
  families: FamilyTable;
  family_members: FamilyMemberTable;
  person_relations: PersonRelationTable;
  enrolments: EnrolmentTable;
  institutions: InstitutionTable;
  institution_evaluations: InstitutionEvaluationTable;
  institution_penalties: InstitutionPenaltyTable;
  catalogue_versions: CatalogueVersionTable;
  catalogue_items: CatalogueItemTable;
  users: UserTable;
  sessions: SessionTable;
  history: HistoryTable;
  access_log: AccessLogTable;
  schema_migrations: SchemaMigrationTable;
  policies: PolicyTable;
  personal_accounts: PersonalAccountTable;
  mutual_aid_links: MutualAidLinkTable;
  visits: VisitTable;
  fee_lines: FeeLineTable;
  accumulators: AccumulatorTable;
  settlements: SettlementTable;
  postings: PostingTable;
  terminals: TerminalTable;
  gateway_nonces: GatewayNonceTable;
  gateway_messages: GatewayMessageTable;
  gateway_rejections: GatewayRejectionTable;
  cross_region_filings: CrossRegionFilingTable;
  gateway_files: GatewayFileTable;
  e_vouchers: EVoucherTable;
  e_voucher_grants: EVoucherGrantTable;
  e_voucher_scans: EVoucherScanTable;
  e_voucher_activation_failures: EVoucherActivationFailureTable;
  payment_orders: PaymentOrderTable;
  credit_debts: CreditDebtTable;
  notifications: NotificationTable;
}

export type Employer = Selectable<EmployerTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type Enrolment = Selectable<EnrolmentTable>;
export type Institution = Selectable<InstitutionTable>;
export type CatalogueItemRow = Selectable<CatalogueItemTable>;
export type CatalogueVersion = Selectable<CatalogueVersionTable>;
export type User = Selectable<UserTable>;
