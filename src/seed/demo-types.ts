/**
 * Plain records produced by the deterministic demo-data generator and written to the database by
 * the seed service. Keys (`key`) are stable strings so records can refer to each other before the
 * database assigns ids. Dates are ISO yyyy-mm-dd; money is integer fen; ratios are basis points.
 */

export type EmployerSizeClass = 'micro' | 'small' | 'medium' | 'large';

export interface DemoEmployer {
  readonly key: string;
  readonly regionCode: string; // a district code, e.g. 370303
  readonly uscc: string; // valid GB 32100 code
  readonly name: string;
  readonly sizeClass: EmployerSizeClass;
  readonly industry: string;
  readonly address: string;
  readonly contactName: string;
  readonly contactPhone: string;
}

export type PersonCategory =
  | 'employee_active' // 在职职工
  | 'employee_retired' // 退休人员
  | 'flexible' // 灵活就业
  | 'student' // 学生
  | 'child' // 儿童 (学龄前及未成年)
  | 'adult_resident' // 成年居民
  | 'elderly_resident'; // 老年居民

/** insurance type codes (险种): 310 职工基本医疗, 390 城乡居民基本医疗, 320 公务员医疗补助, 330 大额医疗费用补助, 392 城乡居民大病 */
export type InsuranceType = '310' | '390' | '320' | '330' | '392';

export interface DemoPerson {
  readonly key: string;
  readonly regionCode: string; // district of residence (and of enrolment)
  readonly certno: string; // valid GB 11643, birth date & sex consistent with the fields below
  readonly name: string;
  readonly sex: 'M' | 'F';
  readonly birthDate: string;
  readonly phone: string;
  readonly address: string;
  readonly ethnicity: string; // 汉族 …
  readonly employerKey?: string; // for employees
  /** chronic / special diseases the person is eligible for, by disease code (see DemoChronicDisease) */
  readonly chronicDiseases: readonly string[];
}

export interface DemoEnrolment {
  readonly personKey: string;
  readonly insuranceType: InsuranceType;
  readonly category: PersonCategory;
  readonly regionCode: string; // the pooling region (city level, e.g. 370300)
  readonly employerKey?: string;
  readonly startDate: string;
  readonly endDate?: string; // ended enrolments (history), e.g. a resident enrolment ended when employment began
  readonly status: 'active' | 'ended' | 'suspended';
}

export type RelationKind = 'spouse' | 'parent' | 'child';

export interface DemoFamily {
  readonly key: string;
  readonly regionCode: string;
  readonly headKey: string;
  readonly members: readonly {
    readonly personKey: string;
    readonly relationToHead: 'self' | 'spouse' | 'child' | 'parent';
  }[];
}

/** A directed close-relative link: person → relative is the relative's role (relative is my spouse/parent/child). */
export interface DemoRelation {
  readonly personKey: string;
  readonly relativeKey: string;
  readonly relation: RelationKind;
}

export type InstitutionKind =
  | 'hospital' // 医院
  | 'community_health_center' // 社区卫生服务中心
  | 'township_health_center' // 乡镇卫生院
  | 'village_clinic' // 村卫生室
  | 'pharmacy' // 零售药店
  | 'internet_hospital'; // 互联网医院

export interface DemoInstitution {
  readonly key: string;
  /** national fixmedins code: H + 6-digit region + 5 digits for medical institutions, P + … for pharmacies */
  readonly code: string;
  readonly name: string;
  readonly kind: InstitutionKind;
  /** 1, 2 or 3 for hospitals and centres; null for pharmacies */
  readonly level: 1 | 2 | 3 | null;
  readonly levelGrade: '甲' | '乙' | '丙' | null;
  readonly regionCode: string; // district
  readonly address: string;
  readonly agreementStatus: 'active' | 'suspended' | 'terminated';
  readonly agreementStart: string;
  readonly agreementEnd: string;
  readonly dualChannel: boolean; // 双通道 pharmacy
  readonly evaluations: readonly {
    readonly year: number;
    readonly grade: 'excellent' | 'good' | 'qualified' | 'unqualified';
    readonly score: number;
  }[];
  readonly penalties: readonly {
    readonly date: string;
    readonly kind: 'warning' | 'fine' | 'suspension' | 'termination';
    readonly amount: number /* fen */;
    readonly reason: string;
    readonly endDate?: string;
  }[];
}

export interface DemoCatalogueItem {
  /** national code: drugs XA01ABD075A002010100483 style (23 chars), services 001101000010000 style, consumables C… */
  readonly code: string;
  readonly kind: 'drug' | 'service' | 'consumable';
  readonly name: string;
  readonly genericName: string;
  readonly specification: string;
  readonly dosageForm: string;
  readonly unit: string;
  readonly manufacturer: string;
  readonly itemClass: 'A' | 'B' | 'C';
  /** basis points; 0 for class A; usually 500–3000 for class B; 10000 for class C */
  readonly firstSelfPayBp: number;
  /** payment standard (支付标准 / 最高限价) in fen, per unit */
  readonly paymentStandard: number;
  readonly restrictSex?: 'M' | 'F';
  readonly restrictAgeMin?: number;
  readonly restrictAgeMax?: number;
  readonly restrictMinLevel?: 1 | 2 | 3;
  readonly restrictIndication?: string; // 限… text as in the national catalogue
  readonly quantityLimit?: number; // per visit
  readonly negotiated: boolean; // 国谈药
  readonly dualChannel: boolean; // 双通道
  readonly validFrom: string;
  readonly validTo?: string;
}

export interface DemoChronicDisease {
  readonly code: string; // e.g. M03900 高血压
  readonly name: string;
}

export interface DemoData {
  readonly employers: readonly DemoEmployer[];
  readonly persons: readonly DemoPerson[];
  readonly enrolments: readonly DemoEnrolment[];
  readonly families: readonly DemoFamily[];
  readonly relations: readonly DemoRelation[];
  readonly institutions: readonly DemoInstitution[];
  readonly catalogue: readonly DemoCatalogueItem[];
  readonly chronicDiseases: readonly DemoChronicDisease[];
}
