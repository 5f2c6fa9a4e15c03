import type { Config } from '../config/config.js';
import { AuditService } from '../services/audit/audit-service.js';
import { AuthService } from '../services/auth/auth-service.js';
import { CatalogueService } from '../services/catalogue/catalogue-service.js';
import { EVoucherService } from '../services/evoucher/evoucher-service.js';
import { FilingService } from '../services/filing/filing-service.js';
import { GatewayService } from '../services/gateway/gateway-service.js';
import { TerminalService } from '../services/gateway/terminal-service.js';
import { PaymentService } from '../services/payment/payment-service.js';
import { EmployerService } from '../services/registry/employer-service.js';
import { EnrolmentService } from '../services/registry/enrolment-service.js';
import { InstitutionService } from '../services/registry/institution-service.js';
import { PersonService } from '../services/registry/person-service.js';
import { RegionService } from '../services/registry/region-service.js';
import { SecretBox } from '../services/secrets/secret-box.js';
import { PolicyService } from '../services/settlement/policy-service.js';
import { SettlementService } from '../services/settlement/settlement-service.js';
import { VisitService } from '../services/settlement/visit-service.js';
import type { Db } from '../store/database.js';

/** Every use case, wired to one database. The same set serves the REST API, the CLI and jobs. */
export interface Services {
  readonly auth: AuthService;
  readonly regions: RegionService;
  readonly employers: EmployerService;
  readonly persons: PersonService;
  readonly enrolments: EnrolmentService;
  readonly institutions: InstitutionService;
  readonly catalogue: CatalogueService;
  readonly audit: AuditService;
  readonly policies: PolicyService;
  readonly visits: VisitService;
  readonly settlements: SettlementService;
  readonly terminals: TerminalService;
  readonly gateway: GatewayService;
  readonly filings: FilingService;
  readonly eVouchers: EVoucherService;
  readonly payments: PaymentService;
}

export function createServices(
  db: Db,
  config: Pick<Config, 'sessionTtlSeconds'> & Partial<Pick<Config, 'paymentOrderTtlMinutes'>>,
  /** seals stored secrets; the default key lives only as long as this process (tests) */
  secrets: SecretBox = SecretBox.ephemeral(),
  /** PostgreSQL's driver takes several statements in one query: settlement groups then save round trips */
  databaseKind: 'pglite' | 'postgres' = 'pglite',
): Services {
  const catalogue = new CatalogueService(db);
  const policies = new PolicyService(db);
  const visits = new VisitService(db, catalogue);
  const settlements = new SettlementService(db, policies, { combineStatements: databaseKind === 'postgres' });
  const persons = new PersonService(db);
  const eVouchers = new EVoucherService(db, persons, secrets);
  return {
    auth: new AuthService(db, config.sessionTtlSeconds),
    regions: new RegionService(db),
    employers: new EmployerService(db),
    persons,
    enrolments: new EnrolmentService(db),
    institutions: new InstitutionService(db),
    catalogue,
    audit: new AuditService(db),
    policies,
    visits,
    settlements,
    terminals: new TerminalService(db, secrets),
    gateway: new GatewayService(db, visits, settlements, eVouchers),
    filings: new FilingService(db),
    eVouchers,
    payments: new PaymentService(db, settlements, policies, {
      ...(config.paymentOrderTtlMinutes ? { orderTtlMinutes: config.paymentOrderTtlMinutes } : {}),
    }),
  };
}
