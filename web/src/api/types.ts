/**
 * The REST contract of `/api/v1` as the web app sees it. Dates are `yyyy-mm-dd` strings, timestamps
 * ISO 8601, money integer fen, ratios integer basis points (0..10000). ID and phone numbers arrive
 * masked unless the caller may see them; the app shows them exactly as received.
 */

/** `YYYY-MM-DD` */
export type IsoDate = string;
/** ISO 8601 timestamp */
export type IsoDateTime = string;
/** integer fen (1 yuan = 100 fen) */
export type Fen = number;
/** integer basis points, 0..10000 */
export type BasisPoints = number;

// ---------------------------------------------------------------------------------------------
// Errors and lists

export interface ApiFieldError {
  readonly path: string;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface ApiRowError {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
}

export interface ApiErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly messageZh: string;
    readonly messageEn: string;
    /** technical detail for 4xx answers (English, not for end users) */
    readonly detail?: string;
    readonly fields?: readonly ApiFieldError[];
    readonly rows?: readonly ApiRowError[];
  };
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

/** Short lists the server returns whole (GET /users, GET /catalogue/versions). */
export interface ItemList<T> {
  readonly items: readonly T[];
}

export interface PageQuery {
  readonly page?: number;
  readonly pageSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Auth and users

export const ROLES = [
  'insured',
  'employer_clerk',
  'institution_operator',
  'agency_clerk',
  'agency_reviewer',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCodes: readonly string[];
  readonly personId: number | null;
  readonly employerId: number | null;
  readonly institutionId: number | null;
  readonly status?: string;
}

export interface LoginRequest {
  readonly username: string;
  readonly password: string;
}

export interface UserResponse {
  readonly user: User;
}

// ---------------------------------------------------------------------------------------------
// Regions

export type RegionLevel = 'province' | 'city' | 'district';

export interface Region {
  readonly code: string;
  readonly name: string;
  readonly level: RegionLevel;
  readonly parentCode: string | null;
}

export interface RegionQuery extends PageQuery {
  readonly parentCode?: string;
  readonly level?: RegionLevel;
  readonly q?: string;
}

// ---------------------------------------------------------------------------------------------
// Employers

export const EMPLOYER_SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export type EmployerSizeClass = (typeof EMPLOYER_SIZE_CLASSES)[number];
export type ActiveStatus = 'active' | 'inactive';

export interface Employer {
  readonly id: number;
  readonly regionCode: string;
  readonly regionName: string;
  readonly uscc: string;
  readonly name: string;
  readonly sizeClass: EmployerSizeClass;
  readonly industry: string;
  readonly address: string;
  readonly contactName: string;
  /** masked */
  readonly contactPhone: string;
  readonly status: ActiveStatus;
  readonly employeeCount?: number;
  readonly createdAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
}

export interface EmployerQuery extends PageQuery {
  readonly q?: string;
  readonly regionCode?: string;
  readonly sizeClass?: EmployerSizeClass;
  readonly status?: ActiveStatus;
}

export interface EmployerInput {
  readonly regionCode: string;
  readonly uscc: string;
  readonly name: string;
  readonly sizeClass: EmployerSizeClass;
  readonly industry: string;
  readonly address: string;
  readonly contactName: string;
  readonly contactPhone: string;
}

// ---------------------------------------------------------------------------------------------
// Persons, enrolments, relatives

export const INSURANCE_TYPES = ['310', '390', '320', '330', '392'] as const;
export type InsuranceType = (typeof INSURANCE_TYPES)[number];
/** basic insurance types: employee (310) and resident (390) */
export type BasicInsuranceType = '310' | '390';

export const PERSON_CATEGORIES = [
  'employee_active',
  'employee_retired',
  'flexible',
  'student',
  'child',
  'adult_resident',
  'elderly_resident',
] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

export type Sex = 'M' | 'F';

export interface PersonSummary {
  readonly id: number;
  readonly psnNo: string;
  readonly name: string;
  readonly sex: Sex;
  readonly birthDate: IsoDate;
  readonly certnoMasked: string;
  readonly regionCode: string;
  readonly regionName: string;
  readonly status: ActiveStatus;
  readonly activeBasicInsuranceType: BasicInsuranceType | null;
  readonly category: PersonCategory | null;
}

export type EnrolmentStatus = 'active' | 'suspended' | 'ended';

export interface Enrolment {
  readonly id: number;
  readonly personId: number;
  readonly insuranceType: InsuranceType;
  readonly insuranceTypeName: string;
  readonly insuranceTypeNameEn?: string;
  readonly category: PersonCategory;
  readonly regionCode: string;
  readonly employerId: number | null;
  readonly startDate: IsoDate;
  readonly endDate: IsoDate | null;
  readonly status: EnrolmentStatus;
  readonly endReason: string | null;
}

export const RELATIONS = ['spouse', 'parent', 'child'] as const;
export type Relation = (typeof RELATIONS)[number];

export interface Relative {
  readonly personId: number;
  readonly psnNo: string;
  readonly name: string;
  /** the relative's role: this relative is my spouse / parent / child */
  readonly relation: Relation;
  readonly certnoMasked: string;
}

export type RelationToHead = 'self' | Relation;

export interface Family {
  readonly id: number;
  readonly headPersonId: number;
  readonly members: readonly {
    readonly personId: number;
    readonly name: string;
    readonly relationToHead: RelationToHead;
  }[];
}

export interface ChronicDisease {
  readonly code: string;
  readonly name: string;
  /** eligible since */
  readonly since?: IsoDate;
}

export interface PersonDetail extends PersonSummary {
  /** masked unless the caller may see it */
  readonly certno: string;
  /** masked */
  readonly phone: string;
  readonly address: string;
  readonly ethnicity: string;
  readonly employerId: number | null;
  readonly employerName: string | null;
  readonly chronicDiseases: readonly ChronicDisease[];
  readonly enrolments: readonly Enrolment[];
  readonly relatives: readonly Relative[];
  readonly family: Family | null;
}

export interface PersonQuery extends PageQuery {
  /** name, psnNo or ID number */
  readonly q?: string;
  readonly regionCode?: string;
  readonly employerId?: number;
  readonly insuranceType?: InsuranceType;
  readonly category?: PersonCategory;
  readonly chronic?: boolean;
}

/** Body of POST /persons; sex and birth date derive from the ID number when absent. */
export interface PersonInput {
  readonly certno: string;
  readonly name: string;
  readonly sex?: Sex;
  readonly birthDate?: IsoDate;
  readonly regionCode: string;
  readonly phone?: string;
  readonly address?: string;
  readonly ethnicity?: string;
  readonly employerId?: number;
}

/** Body of PATCH /persons/:id (the ID number never changes). */
export interface PersonChanges {
  readonly name?: string;
  readonly phone?: string;
  readonly address?: string;
  readonly ethnicity?: string;
  readonly regionCode?: string;
  readonly employerId?: number | null;
}

/** Body of POST /persons/:id/deactivate: the person's enrolments end on that date. */
export interface PersonDeactivateInput {
  readonly date: IsoDate;
  readonly reason: string;
}

export interface EnrolmentInput {
  readonly insuranceType: InsuranceType;
  readonly category: PersonCategory;
  readonly regionCode: string;
  readonly employerId?: number;
  readonly startDate: IsoDate;
}

export interface EnrolmentEndInput {
  readonly endDate: IsoDate;
  readonly reason: string;
}

export interface RelativeInput {
  readonly relativeId: number;
  readonly relation: Relation;
}

// ---------------------------------------------------------------------------------------------
// Change history and access log

export const HISTORY_ENTITY_TYPES = ['person', 'employer', 'institution', 'enrolment', 'catalogue'] as const;
export type HistoryEntityType = (typeof HISTORY_ENTITY_TYPES)[number];

export interface HistoryEntry {
  readonly id: number;
  readonly entityType: HistoryEntityType;
  readonly entityId: number | string;
  readonly action: string;
  readonly actorUsername: string;
  readonly at: IsoDateTime;
  /** field → { from, to } (other shapes are shown as they come) */
  readonly changes: Readonly<Record<string, unknown>>;
}

export interface HistoryQuery extends PageQuery {
  readonly entityType: HistoryEntityType;
  readonly entityId: number;
}

export interface AccessLogEntry {
  readonly id: number;
  readonly at: IsoDateTime;
  readonly username: string;
  readonly role?: Role;
  readonly personId: number | null;
  readonly personName: string | null;
  readonly action: string;
  readonly path: string;
  readonly ip?: string;
}

// ---------------------------------------------------------------------------------------------
// Institutions

export const INSTITUTION_KINDS = [
  'hospital',
  'community_health_center',
  'township_health_center',
  'village_clinic',
  'pharmacy',
  'internet_hospital',
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export type InstitutionLevel = 1 | 2 | 3;
export const AGREEMENT_STATUSES = ['active', 'suspended', 'terminated'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

export interface Institution {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  readonly level: InstitutionLevel | null;
  /** '甲' | '乙' | '丙' */
  readonly levelGrade: string | null;
  readonly regionCode: string;
  readonly regionName: string;
  readonly agreementStatus: AgreementStatus;
  readonly agreementStart: IsoDate;
  readonly agreementEnd: IsoDate;
  readonly dualChannel: boolean;
  readonly status: ActiveStatus;
}

export type EvaluationGrade = 'excellent' | 'good' | 'qualified' | 'unqualified';

export interface InstitutionEvaluation {
  readonly year: number;
  readonly grade: EvaluationGrade;
  readonly score: number;
}

export const PENALTY_KINDS = ['warning', 'fine', 'suspension', 'termination'] as const;
export type PenaltyKind = (typeof PENALTY_KINDS)[number];

export interface InstitutionPenalty {
  readonly id: number;
  readonly date: IsoDate;
  readonly kind: PenaltyKind;
  readonly amount: Fen;
  readonly reason: string;
  readonly endDate: IsoDate | null;
}

export interface InstitutionDetail extends Institution {
  readonly address: string;
  readonly evaluations: readonly InstitutionEvaluation[];
  readonly penalties: readonly InstitutionPenalty[];
}

export interface InstitutionQuery extends PageQuery {
  readonly q?: string;
  readonly regionCode?: string;
  readonly kind?: InstitutionKind;
  readonly level?: InstitutionLevel;
  readonly agreementStatus?: AgreementStatus;
}

/** Body of POST /institutions/:id/penalties. Field set inferred from InstitutionPenalty. */
export interface PenaltyInput {
  readonly date: IsoDate;
  readonly kind: PenaltyKind;
  readonly amount: Fen;
  readonly reason: string;
  readonly endDate?: IsoDate;
}

// ---------------------------------------------------------------------------------------------
// Catalogue

export const CATALOGUE_KINDS = ['drug', 'service', 'consumable'] as const;
export type CatalogueKind = (typeof CATALOGUE_KINDS)[number];
export const ITEM_CLASSES = ['A', 'B', 'C'] as const;
export type ItemClass = (typeof ITEM_CLASSES)[number];

export interface CatalogueRestrictions {
  readonly sex?: Sex;
  readonly ageMin?: number;
  readonly ageMax?: number;
  readonly minLevel?: InstitutionLevel;
  readonly indication?: string;
  readonly quantityLimit?: number;
}

export interface CatalogueItem {
  readonly code: string;
  readonly kind: CatalogueKind;
  readonly name: string;
  readonly genericName: string;
  readonly specification: string;
  readonly dosageForm: string;
  readonly unit: string;
  readonly manufacturer: string;
  readonly itemClass: ItemClass;
  /** null: a class B item without its own ratio (the policy default applies) */
  readonly firstSelfPayBp: BasisPoints | null;
  /** fen per unit */
  readonly paymentStandard: Fen;
  readonly restrictions: CatalogueRestrictions;
  readonly negotiated: boolean;
  readonly dualChannel: boolean;
  readonly validFrom: IsoDate;
  readonly validTo: IsoDate | null;
  readonly versionNo: number;
}

export interface CatalogueQuery extends PageQuery {
  readonly regionCode: string;
  /** the catalogue in force on this date; today when absent */
  readonly date?: IsoDate;
  readonly kind?: CatalogueKind;
  readonly itemClass?: ItemClass;
  readonly q?: string;
  readonly negotiated?: boolean;
  readonly dualChannel?: boolean;
}

export interface CatalogueVersion {
  readonly id: number;
  readonly regionCode: string;
  readonly versionNo: number;
  readonly effectiveFrom: IsoDate;
  readonly rowCount: number;
  readonly note: string;
  readonly importedBy: string;
  readonly importedAt: IsoDateTime;
  readonly fileName: string;
}

export interface CatalogueImportResponse {
  readonly version: CatalogueVersion;
}

export type CatalogueExportFormat = 'csv' | 'xlsx';

/** The error code the server answers (HTTP 422) when an import file has invalid rows; nothing is imported. */
export const CATALOGUE_IMPORT_INVALID = 'YB_ERR_CATALOGUE_IMPORT_INVALID';

// ---------------------------------------------------------------------------------------------
// Visits and settlements

/** National medical-type codes (med_type): 11 门诊, 14 门诊慢特病, 21 住院, 2114 中医日间病房, 41 药店购药, 51/52 生育, 9901 互联网复诊. */
export const MED_TYPES = ['11', '14', '21', '2114', '41', '51', '52', '9901'] as const;
export type MedType = (typeof MED_TYPES)[number];
/** Medical types that admit the patient, so the visit is discharged (出院) before it settles. */
export const INPATIENT_MED_TYPES: readonly string[] = ['21', '2114', '52'];

/** Cross-region status of a visit; `local` when the care region is the insured region. */
export const CROSS_REGION_STATUSES = ['filedLongTerm', 'filedTemporary', 'unfiledTemporary'] as const;
export type CrossRegionStatus = (typeof CROSS_REGION_STATUSES)[number];

/** `payment_pending`: held by a pending mobile-payment order until the person pays or it ends. */
export const VISIT_STATUSES = ['open', 'discharged', 'settled', 'cancelled', 'payment_pending'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];
export type FeeLineStatus = 'active' | 'cancelled';

export const SETTLEMENT_STATUSES = ['settled', 'reversed'] as const;
export type SettlementStatus = (typeof SETTLEMENT_STATUSES)[number];
export type ClearingStatus = 'none' | 'pending' | 'cleared';

/** Who pays part of a settlement besides the person; unknown payers are shown by their code. */
export const PAYERS = [
  'pooledFund',
  'criticalIllness',
  'largeAmount',
  'civilServant',
  'medicalAssistance',
  'tiltAssistance',
  'inclusiveCommercial',
] as const;

/** GET /institution/persons/lookup: the minimum an institution needs to register a visit (the lookup is logged). */
export interface InstitutionPerson {
  readonly id: number;
  readonly psnNo: string;
  readonly name: string;
  readonly sex: Sex;
  /** age on the lookup date */
  readonly age: number;
  readonly certnoMasked?: string;
  readonly regionCode: string;
  readonly status?: ActiveStatus;
  /** the active basic enrolment on the date, if any */
  readonly insuranceType: InsuranceType | null;
  readonly category: PersonCategory | null;
  /** the pooling region of that enrolment (参保地) */
  readonly insuredRegionCode?: string | null;
}

/** Either the ID number or the person number. */
export interface InstitutionPersonLookup {
  readonly certno?: string;
  readonly psnNo?: string;
  readonly date?: IsoDate;
}

export interface VisitInput {
  readonly personId: number;
  readonly institutionId: number;
  readonly medType: MedType;
  readonly beginDate: IsoDate;
  readonly diagnosisCode?: string;
  readonly diagnosisName?: string;
  /** only meaningful when the person is insured in another pooling region */
  readonly crossRegion?: CrossRegionStatus;
}

export interface FeeLine {
  readonly id: number;
  readonly lineNo: number;
  readonly code: string;
  readonly name: string;
  readonly itemClass: ItemClass;
  /** decimal text, at most four places */
  readonly quantity: string;
  /** fen per unit */
  readonly unitPrice: Fen;
  readonly amount: Fen;
  readonly serviceDate: IsoDate;
  readonly status: FeeLineStatus;
}

export interface Visit {
  readonly id: number;
  /** care region (就医地) */
  readonly regionCode: string;
  /** insured region (参保地) */
  readonly insuredRegionCode: string;
  readonly personId: number;
  readonly institutionId: number;
  readonly insuranceType: InsuranceType;
  readonly benefit: string;
  readonly medType: MedType;
  readonly status: VisitStatus;
  readonly beginDate: IsoDate;
  readonly endDate: IsoDate | null;
  /** 'local' or a {@link CrossRegionStatus} */
  readonly crossRegion: string;
  readonly diagnosisCode: string;
  readonly diagnosisName: string;
  readonly lines: readonly FeeLine[];
}

/** One fee line of POST /visits/:id/lines; unknown codes answer 400 YB_ERR_UNKNOWN_ITEM naming `lines.<i>.code`. */
export interface FeeLineInput {
  readonly code: string;
  /** positive, at most four decimals */
  readonly quantity: number;
  /** fen per unit */
  readonly unitPrice: Fen;
  /** the visit's begin date when absent */
  readonly serviceDate?: IsoDate;
}

export interface BreakdownLine {
  readonly lineNo: number;
  readonly code: string;
  readonly amount: Fen;
  readonly fullSelfPay: Fen;
  readonly overLimitSelfPay: Fen;
  readonly firstSelfPay: Fen;
  readonly inScope: Fen;
  readonly reason?: string;
}

/** One step of the computation (计算过程), with the policy clause it applies. */
export interface BreakdownStep {
  readonly rule: string;
  readonly clause: string;
  readonly amount: Fen;
  readonly formula: string;
  readonly zh: string;
  readonly en: string;
  readonly lineNo?: number;
}

export interface Breakdown {
  readonly total: Fen;
  /** 全自费 */
  readonly fullSelfPay: Fen;
  /** 超限价自付 */
  readonly overLimitSelfPay: Fen;
  /** 先行自付 */
  readonly firstSelfPay: Fen;
  /** 政策范围内 */
  readonly inScope: Fen;
  /** 起付标准 */
  readonly deductible: Fen;
  readonly payers: readonly { readonly payer: string; readonly amount: Fen }[];
  readonly fundTotal: Fen;
  readonly personTotal: Fen;
  readonly personalAccount: Fen;
  /** owner: 'self' or 'person:<id>' (家庭共济) */
  readonly accountPayments: readonly { readonly owner: string; readonly amount: Fen }[];
  readonly cash: Fen;
  readonly lines: readonly BreakdownLine[];
  readonly steps: readonly BreakdownStep[];
  readonly accumulators?: Readonly<Record<string, number>>;
}

export interface PreSettlement {
  readonly visitId: number;
  readonly policyId: string;
  readonly policyName: string;
  readonly breakdown: Breakdown;
}

export interface Settlement {
  readonly id: number;
  readonly setlNo: string;
  readonly visitId: number;
  readonly personId: number;
  readonly personName: string;
  readonly institutionId: number;
  readonly institutionName: string;
  /** national medical-type code: 11, 14, 21 … */
  readonly medType: string;
  readonly regionCode: string;
  readonly insuredRegionCode: string;
  readonly policyId: string;
  readonly status: SettlementStatus;
  readonly total: Fen;
  readonly fundTotal: Fen;
  readonly personTotal: Fen;
  readonly personalAccount: Fen;
  readonly cash: Fen;
  readonly clearingStatus: ClearingStatus;
  readonly settledAt: IsoDateTime;
  readonly settledBy: string;
  readonly reversedAt: IsoDateTime | null;
  readonly reversedBy: string | null;
  readonly reverseReason: string | null;
  readonly breakdown: Breakdown;
}

export interface SettlementQuery extends PageQuery {
  readonly personId?: number;
  readonly institutionId?: number;
  readonly status?: SettlementStatus;
}

/** The error code of fee lines whose code is not in the catalogue on the service date. */
export const UNKNOWN_ITEM = 'YB_ERR_UNKNOWN_ITEM';
