import { type TSchema, Type } from 'typebox';

/** Shared pieces of the REST schemas: one source for validation, types and OpenAPI. */
export const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'yyyy-mm-dd' });
export const RegionCode = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 code' });
export const Id = Type.Integer({ minimum: 1 });
export const IdParams = Type.Object({ id: Id });

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}

const FieldProblem = Type.Object({
  path: Type.String(),
  code: Type.String(),
  messageZh: Type.String(),
  messageEn: Type.String(),
});
const RowProblem = Type.Object({
  line: Type.Integer(),
  column: Type.String(),
  value: Type.String(),
  code: Type.String(),
  messageZh: Type.String(),
  messageEn: Type.String(),
});

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'YB_ERR_… (see docs/errors.md)' }),
      message: Type.String(),
      messageZh: Type.String(),
      messageEn: Type.String(),
      detail: Type.Optional(Type.String()),
      fields: Type.Optional(Type.Array(FieldProblem)),
      rows: Type.Optional(Type.Array(RowProblem)),
    }),
  },
  { $id: 'ErrorResponse' },
);

/** The error responses a route may give, all with the same body. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));
}

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const User = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  displayName: Type.String(),
  role: Type.Enum([
    'insured',
    'employer_clerk',
    'institution_operator',
    'agency_clerk',
    'agency_reviewer',
    'admin',
  ]),
  regionCodes: Type.Array(Type.String()),
  personId: Nullable(Type.Integer()),
  employerId: Nullable(Type.Integer()),
  institutionId: Nullable(Type.Integer()),
  status: Type.String(),
});

export const Region = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.String(),
  parentCode: Nullable(Type.String()),
});

export const SizeClass = Type.Union([
  Type.Literal('micro'),
  Type.Literal('small'),
  Type.Literal('medium'),
  Type.Literal('large'),
]);

export const Employer = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  regionName: Type.String(),
  uscc: Type.String(),
  name: Type.String(),
  sizeClass: Type.String(),
  industry: Type.String(),
  address: Type.String(),
  contactName: Type.String(),
  contactPhone: Type.String({ description: 'masked' }),
  status: Type.String(),
  employeeCount: Type.Optional(Type.Integer()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const InsuranceType = Type.Enum(['310', '390', '320', '330', '392'], {
  description:
    '310 职工基本医疗, 390 城乡居民基本医疗, 320 公务员医疗补助, 330 大额医疗费用补助, 392 城乡居民大病',
});
export const Category = Type.Union(
  [
    'employee_active',
    'employee_retired',
    'flexible',
    'student',
    'child',
    'adult_resident',
    'elderly_resident',
  ].map((t) => Type.Literal(t)),
);

const personSummaryProps = {
  id: Type.Integer(),
  psnNo: Type.String(),
  name: Type.String(),
  sex: Type.String(),
  birthDate: Type.String(),
  certnoMasked: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  status: Type.String(),
  activeBasicInsuranceType: Nullable(Type.String()),
  category: Nullable(Type.String()),
};
export const PersonSummary = Type.Object(personSummaryProps);

export const Enrolment = Type.Object({
  id: Type.Integer(),
  personId: Type.Integer(),
  insuranceType: Type.String(),
  insuranceTypeName: Type.String(),
  insuranceTypeNameEn: Type.String(),
  category: Type.String(),
  regionCode: Type.String(),
  employerId: Nullable(Type.Integer()),
  startDate: Type.String(),
  endDate: Nullable(Type.String()),
  status: Type.String(),
  endReason: Nullable(Type.String()),
});

export const PersonDetail = Type.Object({
  ...personSummaryProps,
  certno: Type.String({ description: 'full for agency staff and the person; masked otherwise' }),
  phone: Type.String({ description: 'masked' }),
  address: Type.String(),
  ethnicity: Type.String(),
  employerId: Nullable(Type.Integer()),
  employerName: Nullable(Type.String()),
  chronicDiseases: Type.Array(
    Type.Object({ code: Type.String(), name: Type.String(), since: Type.String() }),
  ),
  enrolments: Type.Array(Enrolment),
  relatives: Type.Array(
    Type.Object({
      personId: Type.Integer(),
      psnNo: Type.String(),
      name: Type.String(),
      relation: Type.String(),
      certnoMasked: Type.String(),
    }),
  ),
  family: Nullable(
    Type.Object({
      id: Type.Integer(),
      headPersonId: Type.Integer(),
      members: Type.Array(
        Type.Object({ personId: Type.Integer(), name: Type.String(), relationToHead: Type.String() }),
      ),
    }),
  ),
});

export const InstitutionKind = Type.Union(
  [
    'hospital',
    'community_health_center',
    'township_health_center',
    'village_clinic',
    'pharmacy',
    'internet_hospital',
  ].map((k) => Type.Literal(k)),
);

const institutionProps = {
  id: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  level: Nullable(Type.Integer()),
  levelGrade: Nullable(Type.String()),
  regionCode: Type.String(),
  regionName: Type.String(),
  address: Type.String(),
  agreementStatus: Type.String(),
  agreementStart: Type.String(),
  agreementEnd: Type.String(),
  dualChannel: Type.Boolean(),
  status: Type.String(),
};
export const Institution = Type.Object(institutionProps);
export const InstitutionDetail = Type.Object({
  ...institutionProps,
  evaluations: Type.Array(Type.Object({ year: Type.Integer(), grade: Type.String(), score: Type.Integer() })),
  penalties: Type.Array(
    Type.Object({
      id: Type.Integer(),
      date: Type.String(),
      kind: Type.String(),
      amount: Type.Integer({ description: 'fen' }),
      reason: Type.String(),
      endDate: Nullable(Type.String()),
    }),
  ),
});

export const CatalogueItem = Type.Object({
  code: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  genericName: Type.String(),
  specification: Type.String(),
  dosageForm: Type.String(),
  unit: Type.String(),
  manufacturer: Type.String(),
  itemClass: Type.String({ description: 'A 甲 / B 乙 / C 丙' }),
  firstSelfPayBp: Type.Union([Type.Integer(), Type.Null()], {
    description: 'basis points, 10000 = 100 %; null for a class B item that takes the policy default',
  }),
  paymentStandard: Type.Integer({ description: 'fen per unit' }),
  restrictions: Type.Object({
    sex: Type.Optional(Type.String()),
    ageMin: Type.Optional(Type.Integer()),
    ageMax: Type.Optional(Type.Integer()),
    minLevel: Type.Optional(Type.Integer()),
    indication: Type.Optional(Type.String()),
    quantityLimit: Type.Optional(Type.Integer()),
  }),
  negotiated: Type.Boolean(),
  dualChannel: Type.Boolean(),
  validFrom: Type.String(),
  validTo: Nullable(Type.String()),
  versionNo: Type.Integer(),
});

export const CatalogueVersion = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String(),
  versionNo: Type.Integer(),
  effectiveFrom: Type.String(),
  rowCount: Type.Integer(),
  note: Type.String(),
  fileName: Type.String(),
  importedBy: Type.String(),
  importedAt: Type.String(),
});

export const HistoryEntry = Type.Object({
  id: Type.Integer(),
  entityType: Type.String(),
  entityId: Type.String(),
  action: Type.String(),
  actorUsername: Type.String(),
  at: Type.String(),
  changes: Type.Record(Type.String(), Type.Unknown()),
});

export const AccessLogEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  username: Type.String(),
  role: Type.String(),
  personId: Type.Integer(),
  personName: Type.String(),
  action: Type.String(),
  path: Type.String(),
  ip: Type.String(),
});

const Fen = (description = 'fen') => Type.Integer({ description });
export const Breakdown = Type.Object({
  total: Fen(),
  fullSelfPay: Fen('全自费'),
  overLimitSelfPay: Fen('超限价自付'),
  firstSelfPay: Fen('先行自付'),
  inScope: Fen('政策范围内'),
  deductible: Fen('起付标准'),
  payers: Type.Array(Type.Object({ payer: Type.String(), amount: Fen() })),
  fundTotal: Fen(),
  personTotal: Fen(),
  personalAccount: Fen(),
  accountPayments: Type.Array(Type.Object({ owner: Type.String(), amount: Fen() })),
  cash: Fen(),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      code: Type.String(),
      amount: Fen(),
      fullSelfPay: Fen(),
      overLimitSelfPay: Fen(),
      firstSelfPay: Fen(),
      inScope: Fen(),
      reason: Type.Optional(Type.String()),
    }),
  ),
  steps: Type.Array(
    Type.Object({
      rule: Type.String(),
      clause: Type.String(),
      amount: Fen(),
      formula: Type.String(),
      zh: Type.String(),
      en: Type.String(),
      lineNo: Type.Optional(Type.Integer()),
    }),
  ),
  accumulators: Type.Record(Type.String(), Type.Integer()),
});

export const FeeLineView = Type.Object({
  id: Type.Integer(),
  lineNo: Type.Integer(),
  code: Type.String(),
  name: Type.String(),
  itemClass: Type.String(),
  quantity: Type.String(),
  unitPrice: Fen('fen per unit'),
  amount: Fen(),
  serviceDate: Type.String(),
  status: Type.String(),
});

export const Visit = Type.Object({
  id: Type.Integer(),
  regionCode: Type.String({ description: 'care region (就医地)' }),
  insuredRegionCode: Type.String({ description: 'insured region (参保地)' }),
  personId: Type.Integer(),
  institutionId: Type.Integer(),
  insuranceType: Type.String(),
  benefit: Type.String(),
  medType: Type.String(),
  status: Type.String(),
  beginDate: Type.String(),
  endDate: Nullable(Type.String()),
  crossRegion: Type.String(),
  diagnosisCode: Type.String(),
  diagnosisName: Type.String(),
  lines: Type.Array(FeeLineView),
});

export const Settlement = Type.Object({
  id: Type.Integer(),
  setlNo: Type.String(),
  visitId: Type.Integer(),
  personId: Type.Integer(),
  personName: Type.String(),
  institutionId: Type.Integer(),
  institutionName: Type.String(),
  medType: Type.String(),
  regionCode: Type.String(),
  insuredRegionCode: Type.String(),
  policyId: Type.String(),
  status: Type.String(),
  total: Fen(),
  fundTotal: Fen(),
  personTotal: Fen(),
  personalAccount: Fen(),
  cash: Fen(),
  clearingStatus: Type.String(),
  settledAt: Type.String(),
  settledBy: Type.String(),
  reversedAt: Nullable(Type.String()),
  reversedBy: Nullable(Type.String()),
  reverseReason: Nullable(Type.String()),
  breakdown: Breakdown,
});

export const PreSettlement = Type.Object({
  visitId: Type.Integer(),
  policyId: Type.String(),
  policyName: Type.String(),
  breakdown: Breakdown,
});

export const PolicySummary = Type.Object({
  policyId: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  insuranceType: Type.String(),
  effectiveFrom: Type.String(),
  effectiveTo: Nullable(Type.String()),
  loadedBy: Type.String(),
  loadedAt: Type.String(),
});
