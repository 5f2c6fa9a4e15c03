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
  readonly firstSelfPayBp: BasisPoints;
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
