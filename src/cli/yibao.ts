import fs from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../config/config.js';
import { AppError } from '../domain/errors/app-error.js';
import { SYSTEM_ACTOR } from '../services/actor.js';
import { AuthService } from '../services/auth/auth-service.js';
import { formatOfFile } from '../services/catalogue/catalogue-file.js';
import { CatalogueService } from '../services/catalogue/catalogue-service.js';
import { TERMINAL_KINDS, TerminalService } from '../services/gateway/terminal-service.js';
import { PaymentService } from '../services/payment/payment-service.js';
import { loadSecretKey, SecretBox } from '../services/secrets/secret-box.js';
import { seedDemo, seedRegions } from '../services/seed/seed-service.js';
import { seedSettlementData } from '../services/seed/seed-settlement.js';
import { PolicyService } from '../services/settlement/policy-service.js';
import { SettlementService } from '../services/settlement/settlement-service.js';
import { type Database, openDatabase } from '../store/database.js';
import { migrate } from '../store/migrate.js';
import { CalcInputError, calcJson, calculate, formatExplanation, readDocument } from './calc.js';
import { downloadCatalogue } from './his-catalogue.js';
import { callHis, downloadedBytes, downloadInput, type HisCredentials, uploadInput } from './his-client.js';

/** The server's key for stored secrets (YIBAO_SECRET_KEY or the data folder's secret.key). */
function serverSecrets(): SecretBox {
  return SecretBox.fromKey(loadSecretKey(loadConfig()));
}

/** Opens the configured database, migrated, runs fn, and closes it. */
async function withDatabase<T>(fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(loadConfig());
  try {
    await migrate(database.db);
    await seedRegions(database.db);
    return await fn(database);
  } finally {
    await database.close();
  }
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected yyyy-mm-dd');
  return value;
}

function print(json: boolean, value: unknown, text: string): void {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

export function buildCli(): Command {
  const program = new Command('yibao')
    .description(
      'Yibao (医保) operator commands. Uses DATABASE_URL when set, else the embedded database in YIBAO_DATA_DIR (./data).',
    )
    .showHelpAfterError();

  program
    .command('serve')
    .description('start the server (same as npm start without the web build)')
    .action(async () => {
      const { startServer } = await import('../server.js');
      await startServer();
    });

  program
    .command('calc')
    .description(
      'run the settlement engine on a policy, a claim and optionally a year-to-date state, without a database',
    )
    .requiredOption('--policy <file>', 'policy document (YAML or JSON; see docs/policy-reference.md)')
    .requiredOption('--claim <file>', 'claim document: lines in yuan (see docs/claim-format.md)')
    .option('--state <file>', 'year-to-date accumulators and account balances in fen')
    .option('--explain', 'print a readable table in yuan instead of JSON')
    .action((opts: { policy: string; claim: string; state?: string; explain?: boolean }) => {
      const { breakdown, stateAfter } = calculate(
        readDocument(opts.policy),
        readDocument(opts.claim),
        opts.state ? readDocument(opts.state) : undefined,
      );
      process.stdout.write(
        opts.explain
          ? formatExplanation(breakdown)
          : `${JSON.stringify(calcJson(breakdown, stateAfter), null, 2)}\n`,
      );
    });

  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('apply pending schema migrations')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const database = await openDatabase(loadConfig());
      try {
        const applied = await migrate(database.db);
        print(
          !!opts.json,
          { applied },
          applied.length ? `applied: ${applied.join(', ')}` : 'schema is up to date',
        );
      } finally {
        await database.close();
      }
    });

  program
    .command('seed')
    .description('load the deterministic demo data (once; does nothing when accounts exist)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await withDatabase(async (d) => {
        const demo = await seedDemo(d.db);
        const settlement = await seedSettlementData(d.db);
        return demo || settlement.policies || settlement.accounts ? { ...demo, ...settlement } : null;
      });
      print(
        !!opts.json,
        { seeded: result },
        result ? `demo data loaded: ${JSON.stringify(result)}` : 'already seeded; nothing done',
      );
    });

  const catalogue = program.command('catalogue').description('medical-insurance catalogues');
  catalogue
    .command('import')
    .description('import a CSV or XLSX catalogue file as a new version; any bad row refuses the whole file')
    .argument('<file>', 'CSV (UTF-8) or XLSX file; columns as in docs/catalogue.md')
    .requiredOption('--region <code>', 'pooling region code, e.g. 370300')
    .requiredOption('--effective-from <date>', 'first day the version is in force (yyyy-mm-dd)', isoDate)
    .option('--note <text>', 'note kept with the version', '')
    .option('--json', 'print JSON')
    .action(
      async (file: string, opts: { region: string; effectiveFrom: string; note: string; json?: boolean }) => {
        const data = fs.readFileSync(file);
        const version = await withDatabase((d) =>
          new CatalogueService(d.db).importFile(SYSTEM_ACTOR, {
            regionCode: opts.region,
            effectiveFrom: opts.effectiveFrom,
            note: opts.note,
            fileName: path.basename(file),
            format: formatOfFile(file),
            data,
          }),
        );
        print(
          !!opts.json,
          version,
          `imported version ${version.versionNo} for ${version.regionCode}: ${version.rowCount} rows, in force from ${version.effectiveFrom}`,
        );
      },
    );

  const user = program.command('user').description('sign-in accounts');
  user
    .command('add')
    .description('create an account')
    .requiredOption('--username <name>')
    .requiredOption('--password <password>', 'at least 8 characters')
    .addOption(
      new Option('--role <role>')
        .choices([
          'insured',
          'employer_clerk',
          'institution_operator',
          'agency_clerk',
          'agency_reviewer',
          'admin',
        ])
        .makeOptionMandatory(),
    )
    .option('--display-name <name>', 'name shown in the web app')
    .option('--region <code...>', 'region codes an agency account serves, e.g. 370300')
    .option('--person-id <id>', 'person of an insured account', Number)
    .option('--employer-id <id>', 'employer of an employer clerk', Number)
    .option('--institution-id <id>', 'institution of an institution operator', Number)
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        username: string;
        password: string;
        role: 'admin';
        displayName?: string;
        region?: string[];
        personId?: number;
        employerId?: number;
        institutionId?: number;
        json?: boolean;
      }) => {
        const created = await withDatabase((d) =>
          new AuthService(d.db, 3600).addUser(SYSTEM_ACTOR, {
            username: opts.username,
            password: opts.password,
            displayName: opts.displayName ?? opts.username,
            role: opts.role,
            regionCodes: opts.region ?? [],
            personId: opts.personId ?? null,
            employerId: opts.employerId ?? null,
            institutionId: opts.institutionId ?? null,
          }),
        );
        print(!!opts.json, created, `created ${created.role} account ${created.username} (id ${created.id})`);
      },
    );

  const terminal = program
    .command('terminal')
    .description('HIS terminals (一机一码) and their gateway credentials');
  terminal
    .command('add')
    .description('register a terminal of an institution; prints its credentials once')
    .requiredOption('--institution <code>', 'institution code (fixmedins_code)')
    .addOption(new Option('--kind <kind>').choices([...TERMINAL_KINDS]).default('counter'))
    .option('--location <text>', 'where the terminal stands')
    .option('--dev-no <devNo>', 'device number (default generated)')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        institution: string;
        kind: 'counter';
        location?: string;
        devNo?: string;
        json?: boolean;
      }) => {
        const credentials = await withDatabase((d) =>
          new TerminalService(d.db, serverSecrets()).register(SYSTEM_ACTOR, {
            institutionCode: opts.institution,
            kind: opts.kind,
            ...(opts.location ? { location: opts.location } : {}),
            ...(opts.devNo ? { devNo: opts.devNo } : {}),
          }),
        );
        print(
          !!opts.json,
          credentials,
          [
            `terminal ${credentials.devNo} registered; keep these, they are not shown again:`,
            `  x-tif:  paasid=${credentials.paasid} passToken=${credentials.passToken}`,
            `  _api_:  accessKey=${credentials.accessKey} secretKey=${credentials.secretKey}`,
          ].join('\n'),
        );
      },
    );
  terminal
    .command('revoke')
    .description('revoke a terminal at once')
    .argument('<devNo>')
    .requiredOption('--reason <text>', 'why (kept with the terminal and in the history)')
    .option('--json', 'print JSON')
    .action(async (devNo: string, opts: { reason: string; json?: boolean }) => {
      const revoked = await withDatabase((d) =>
        new TerminalService(d.db, serverSecrets()).revoke(SYSTEM_ACTOR, devNo, opts.reason),
      );
      print(!!opts.json, revoked, `terminal ${devNo} revoked`);
    });

  const payments = program
    .command('payments')
    .description('mobile payment (支付不见面) and credit payment (先诊疗后付费)');
  for (const [name, description] of [
    [
      'expire',
      'expire unconfirmed payment orders past their time (releasing their visits) and write debt reminders',
    ],
    ['sweep', 'the same as expire: what the server does every YIBAO_PAYMENT_SWEEP_SECONDS'],
  ] as const) {
    payments
      .command(name)
      .description(description)
      .option('--json', 'print JSON')
      .action(async (opts: { json?: boolean }) => {
        const result = await withDatabase((d) => {
          const policies = new PolicyService(d.db);
          return new PaymentService(d.db, new SettlementService(d.db, policies), policies).sweep();
        });
        print(
          !!opts.json,
          result,
          `expired ${result.expired} order(s); wrote ${result.reminders} reminder(s) and ${result.overdueNotices} overdue notice(s)`,
        );
      });
  }

  const his = program
    .command('his')
    .description('reference HIS client for the gateway (docs/his-integration.md)');
  his
    .command('call')
    .description('sign and send one transaction; prints the response envelope')
    .argument('<infno>', 'transaction number, e.g. 1101')
    .requiredOption('--input <file>', 'JSON file holding the envelope input (e.g. {"data": {…}})')
    .requiredOption('--credentials <file>', 'JSON printed by `yibao terminal add --json`')
    .addOption(new Option('--scheme <scheme>').choices(['tif', 'api']).default('tif'))
    .option('--base-url <url>', 'gateway base URL', 'http://localhost:3000')
    .option('--msgid <msgid>', 'message id (default generated)')
    .option('--envelope <file>', 'JSON file of envelope fields to set (opter, sign_no, insuplc_admdvs, …)')
    .action(
      async (
        infno: string,
        opts: {
          input: string;
          credentials: string;
          scheme: 'tif' | 'api';
          baseUrl: string;
          msgid?: string;
          envelope?: string;
        },
      ) => {
        const answer = await callHis({
          baseUrl: opts.baseUrl,
          credentials: JSON.parse(fs.readFileSync(opts.credentials, 'utf8')),
          scheme: opts.scheme,
          infno,
          input: JSON.parse(fs.readFileSync(opts.input, 'utf8')),
          ...(opts.msgid ? { msgid: opts.msgid } : {}),
          ...(opts.envelope ? { envelope: JSON.parse(fs.readFileSync(opts.envelope, 'utf8')) } : {}),
        });
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        if (answer.infcode !== 0) process.exitCode = 1;
      },
    );
  his
    .command('catalogue')
    .description(
      'download a catalogue (1301 drugs, 1305 services, 1306 consumables) page by page as JSON lines',
    )
    .argument('<infno>', '1301, 1305 or 1306')
    .requiredOption('--credentials <file>', 'JSON printed by `yibao terminal add --json`')
    .option('--ver <ver>', 'the last version you hold (default: everything)', '')
    .option('--page-size <n>', 'rows per page (at most 1000)', '500')
    .option('--out <file>', 'write the rows here (default: stdout)')
    .addOption(new Option('--scheme <scheme>').choices(['tif', 'api']).default('tif'))
    .option('--base-url <url>', 'gateway base URL', 'http://localhost:3000')
    .action(
      async (
        infno: string,
        opts: {
          credentials: string;
          ver: string;
          pageSize: string;
          out?: string;
          scheme: 'tif' | 'api';
          baseUrl: string;
        },
      ) => {
        const credentials = JSON.parse(fs.readFileSync(opts.credentials, 'utf8'));
        const result = await downloadCatalogue(
          (input) => callHis({ baseUrl: opts.baseUrl, credentials, scheme: opts.scheme, infno, input }),
          { ver: opts.ver, pageSize: Number(opts.pageSize) },
        );
        const lines = result.rows.map((r) => `${JSON.stringify(r)}\n`).join('');
        if (opts.out) fs.writeFileSync(opts.out, lines);
        else process.stdout.write(lines);
        process.stderr.write(`${result.rows.length} rows in ${result.pages} pages; keep ver ${result.ver}\n`);
      },
    );
  const fileCall = (file: string, opts: { credentials: string; scheme: 'tif' | 'api'; baseUrl: string }) => {
    const credentials = JSON.parse(fs.readFileSync(opts.credentials, 'utf8')) as HisCredentials;
    return { credentials, code: credentials.fixmedinsCode ?? '', file };
  };
  his
    .command('upload')
    .description('9101: upload a file (e.g. the 3202 detail zip); prints the answer with its file_qury_no')
    .argument('<file>')
    .requiredOption('--credentials <file>', 'JSON printed by `yibao terminal add --json`')
    .addOption(new Option('--scheme <scheme>').choices(['tif', 'api']).default('tif'))
    .option('--base-url <url>', 'gateway base URL', 'http://localhost:3000')
    .action(async (file: string, opts: { credentials: string; scheme: 'tif' | 'api'; baseUrl: string }) => {
      const { credentials, code } = fileCall(file, opts);
      const answer = await callHis({
        baseUrl: opts.baseUrl,
        credentials,
        scheme: opts.scheme,
        infno: '9101',
        input: uploadInput(path.basename(file), fs.readFileSync(file), code),
      });
      process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      if (answer.infcode !== 0) process.exitCode = 1;
    });
  his
    .command('download')
    .description('9102: download a file by its file_qury_no (e.g. the 3202 result) and write it to --out')
    .argument('<fileQuryNo>')
    .requiredOption('--out <file>', 'where to write the file')
    .requiredOption('--credentials <file>', 'JSON printed by `yibao terminal add --json`')
    .addOption(new Option('--scheme <scheme>').choices(['tif', 'api']).default('tif'))
    .option('--base-url <url>', 'gateway base URL', 'http://localhost:3000')
    .action(
      async (
        fileQuryNo: string,
        opts: { out: string; credentials: string; scheme: 'tif' | 'api'; baseUrl: string },
      ) => {
        const { credentials, code } = fileCall(opts.out, opts);
        const answer = await callHis({
          baseUrl: opts.baseUrl,
          credentials,
          scheme: opts.scheme,
          infno: '9102',
          input: downloadInput(fileQuryNo, code),
        });
        const bytes = downloadedBytes(answer);
        if (answer.infcode !== 0 || !bytes) {
          process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
          process.exitCode = 1;
          return;
        }
        fs.writeFileSync(opts.out, bytes);
        process.stdout.write(`${opts.out}: ${bytes.length} bytes\n`);
      },
    );
  return program;
}

/** Runs the CLI; a refused command prints its code and reasons and exits 1. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (e) {
    if (e instanceof CalcInputError) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    if (e instanceof AppError) {
      process.stderr.write(`${e.code}: ${e.message}\n`);
      for (const f of e.details.fields ?? [])
        process.stderr.write(`  ${f.path}: ${f.messageZh} / ${f.messageEn}\n`);
      for (const r of e.details.rows ?? [])
        process.stderr.write(`  line ${r.line} ${r.column} "${r.value}": ${r.messageZh} / ${r.messageEn}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
