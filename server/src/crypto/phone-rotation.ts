// Brings every stored resident phone under the current key: a phone stored before encryption (the rows of a
// database from before #12 item 12), or one under an older key after PHONE_KEYS got a new first key, is decrypted
// and encrypted again, with its phone_index. Runs at every start (a few cheap reads when nothing is to do) and as
// the rotation command (crypto/rotate-phone-key.ts). Safe to run twice or in two processes at once.
import { sql } from 'kysely'
import type { Db } from '../db/database'
import { currentPhoneKeyId, phoneKeyIdOf } from './phone-cipher'

const BATCH = 1000

/** Re-encrypts what is not under the current key; returns how many phones it rewrote. */
export async function encryptStoredPhones(db: Db): Promise<number> {
  const current = `pe1.${currentPhoneKeyId()}.%`
  let after = ''
  let rewritten = 0
  for (;;) {
    // The WHERE sees the stored (encrypted) value; the rows come back decrypted (crypto/phone-plugin.ts).
    const rows = await db.kysely
      .selectFrom('residents')
      .select(['id', 'phone'])
      .where('id', '>', after)
      .where('phone', 'is not', null)
      .where((eb) => eb.or([eb('phone', 'not like', current), eb('phone_index', 'is', null)]))
      .orderBy('id')
      .limit(BATCH)
      .execute()
    if (rows.length === 0) return rewritten
    await db.kysely.transaction().execute(async (trx) => {
      // Written plain, encrypted on the way in with the current key (and phone_index set) by the plugin.
      for (const r of rows) await trx.updateTable('residents').set({ phone: r.phone }).where('id', '=', r.id).execute()
    })
    rewritten += rows.length
    after = rows[rows.length - 1].id
  }
}

/** How many stored phones each key id holds (`plain` for none): what a rotation leaves behind, for the command's report. */
export async function phonesByKey(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  let after = ''
  for (;;) {
    // Not named `phone`, so it comes back as stored.
    const rows = await db.kysely
      .selectFrom('residents')
      .select(['id', sql<string>`substr(phone, 1, 40)`.as('stored')])
      .where('id', '>', after)
      .where('phone', 'is not', null)
      .orderBy('id')
      .limit(10 * BATCH)
      .execute()
    if (rows.length === 0) return counts
    for (const r of rows) {
      const id = phoneKeyIdOf(r.stored) ?? 'plain'
      counts[id] = (counts[id] ?? 0) + 1
    }
    after = rows[rows.length - 1].id
  }
}
