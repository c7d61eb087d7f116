// Residents' phones encrypted at rest (#12 item 12): phone_index holds keyed digests of a phone's last 3 and 4 digits,
// so a search by a phone's tail still narrows in SQL. The phones themselves are encrypted at start, after the
// migrations (crypto/phone-rotation.ts encryptStoredPhones): that takes the key from the environment, which a
// migration does not see.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('residents').addColumn('phone_index', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('residents').dropColumn('phone_index').execute()
}
