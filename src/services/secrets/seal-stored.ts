import type { Db } from '../../store/database.js';
import { SEALED, SecretBox } from './secret-box.js';

/**
 * Seals secrets stored in clear by a version before encryption at rest (terminal tokens and
 * keys, e-voucher signing keys). Idempotent: sealed values are left alone. Run at start.
 */
export async function sealStoredSecrets(db: Db, secrets: SecretBox): Promise<number> {
  return await db.transaction().execute(async (tx) => {
    let sealed = 0;
    const terminals = await tx
      .selectFrom('terminals')
      .select(['id', 'pass_token', 'secret_key'])
      .where((eb) => eb.or([eb('pass_token', 'not like', 'v1.%'), eb('secret_key', 'not like', 'v1.%')]))
      .forUpdate()
      .execute();
    for (const t of terminals) {
      await tx
        .updateTable('terminals')
        .set({
          pass_token: SecretBox.isSealed(t.pass_token)
            ? t.pass_token
            : secrets.seal(t.pass_token, SEALED.terminalPassToken),
          secret_key: SecretBox.isSealed(t.secret_key)
            ? t.secret_key
            : secrets.seal(t.secret_key, SEALED.terminalSecretKey),
        })
        .where('id', '=', t.id)
        .execute();
      sealed++;
    }
    const vouchers = await tx
      .selectFrom('e_vouchers')
      .select(['id', 'signing_key'])
      .where('signing_key', 'not like', 'v1.%')
      .forUpdate()
      .execute();
    for (const v of vouchers) {
      await tx
        .updateTable('e_vouchers')
        .set({ signing_key: secrets.seal(v.signing_key, SEALED.eVoucherSigningKey) })
        .where('id', '=', v.id)
        .execute();
      sealed++;
    }
    return sealed;
  });
}
