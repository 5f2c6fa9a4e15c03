import { createHash, randomBytes } from 'node:crypto';
import { AppError, fieldProblem, validationError } from '../../domain/errors/app-error.js';
import type { Db, Executor } from '../../store/database.js';
import type { Role, User } from '../../store/schema.js';
import type { Actor } from '../actor.js';
import { recordHistory } from '../audit/history.js';
import { hashPassword, verifyPassword } from './password.js';

export interface PublicUser {
  readonly id: number;
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly regionCodes: string[];
  readonly personId: number | null;
  readonly employerId: number | null;
  readonly institutionId: number | null;
  readonly status: 'active' | 'inactive';
}

export function toPublicUser(u: User): PublicUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    role: u.role,
    regionCodes: u.region_codes,
    personId: u.person_id,
    employerId: u.employer_id,
    institutionId: u.institution_id,
    status: u.status,
  };
}

export function actorOf(u: PublicUser, ip?: string): Actor {
  return {
    userId: u.id,
    username: u.username,
    role: u.role,
    regionCodes: u.regionCodes,
    personId: u.personId,
    employerId: u.employerId,
    institutionId: u.institutionId,
    ...(ip ? { ip } : {}),
  };
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

// A fixed hash to verify against when the user does not exist, so that timing does not reveal names.
let dummyHash: Promise<string> | null = null;

export class AuthService {
  constructor(
    private readonly db: Db,
    private readonly sessionTtlSeconds: number,
  ) {}

  /** Checks the password and opens a session; the token goes to the client, its hash to the database. */
  async login(
    username: string,
    password: string,
    ip = '',
  ): Promise<{ token: string; user: PublicUser; expiresAt: Date }> {
    const user = await this.db
      .selectFrom('users')
      .selectAll()
      .where('username', '=', username.trim())
      .executeTakeFirst();
    if (!user) {
      dummyHash ??= hashPassword('not-a-user');
      await verifyPassword(password, await dummyHash);
      throw new AppError('YB_ERR_BAD_CREDENTIALS');
    }
    if (!(await verifyPassword(password, user.password_hash))) throw new AppError('YB_ERR_BAD_CREDENTIALS');
    if (user.status !== 'active') throw new AppError('YB_ERR_ACCOUNT_DISABLED');
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.sessionTtlSeconds * 1000);
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('sessions')
        .values({ token_hash: hashToken(token), user_id: user.id, expires_at: expiresAt, ip })
        .execute();
      await tx.updateTable('users').set({ last_login_at: new Date() }).where('id', '=', user.id).execute();
      await tx.deleteFrom('sessions').where('expires_at', '<', new Date()).execute();
    });
    return { token, user: toPublicUser(user), expiresAt };
  }

  async logout(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', hashToken(token)).execute();
  }

  /** The user behind a session token, or null when the token is unknown, expired or the user disabled. */
  async userForToken(token: string): Promise<PublicUser | null> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .where('sessions.token_hash', '=', hashToken(token))
      .where('sessions.expires_at', '>', new Date())
      .executeTakeFirst();
    if (row?.status !== 'active') return null;
    return toPublicUser(row);
  }

  async listUsers(): Promise<PublicUser[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('id').execute();
    return rows.map(toPublicUser);
  }

  /** Creates an account; links (person, employer, institution) must fit the role. */
  async addUser(
    actor: Actor,
    input: {
      username: string;
      password: string;
      displayName: string;
      role: Role;
      regionCodes?: readonly string[];
      personId?: number | null;
      employerId?: number | null;
      institutionId?: number | null;
    },
    executor: Executor = this.db,
  ): Promise<PublicUser> {
    const problems = [];
    if (!/^[A-Za-z0-9_.-]{3,40}$/.test(input.username))
      problems.push(
        fieldProblem(
          'username',
          'format',
          '用户名为 3–40 位字母、数字或 _.-',
          'User name must be 3–40 letters, digits or _.-',
        ),
      );
    if (input.password.length < 8)
      problems.push(
        fieldProblem('password', 'tooShort', '密码至少 8 位', 'The password needs at least 8 characters'),
      );
    if (input.role === 'insured' && !input.personId)
      problems.push(
        fieldProblem('personId', 'required', '参保人账号须关联参保人', 'An insured account needs a person'),
      );
    if (input.role === 'employer_clerk' && !input.employerId)
      problems.push(
        fieldProblem(
          'employerId',
          'required',
          '单位经办账号须关联单位',
          'An employer account needs an employer',
        ),
      );
    if (input.role === 'institution_operator' && !input.institutionId)
      problems.push(
        fieldProblem(
          'institutionId',
          'required',
          '机构账号须关联定点机构',
          'An institution account needs an institution',
        ),
      );
    if ((input.role === 'agency_clerk' || input.role === 'agency_reviewer') && !input.regionCodes?.length)
      problems.push(
        fieldProblem(
          'regionCodes',
          'required',
          '经办账号须指定统筹区',
          'An agency account needs at least one region',
        ),
      );
    if (problems.length) throw validationError(problems);
    const taken = await executor
      .selectFrom('users')
      .select('id')
      .where('username', '=', input.username)
      .executeTakeFirst();
    if (taken) throw new AppError('YB_ERR_DUPLICATE_USERNAME');
    const row = await executor
      .insertInto('users')
      .values({
        username: input.username,
        password_hash: await hashPassword(input.password),
        display_name: input.displayName,
        role: input.role,
        region_codes: [...(input.regionCodes ?? [])],
        person_id: input.personId ?? null,
        employer_id: input.employerId ?? null,
        institution_id: input.institutionId ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordHistory(executor, actor, {
      entityType: 'user',
      entityId: row.id,
      regionCode: input.regionCodes?.[0] ?? '000000',
      action: 'create',
      before: null,
      after: { username: row.username, role: row.role, region_codes: row.region_codes },
    });
    return toPublicUser(row);
  }
}
