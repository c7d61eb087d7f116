// No plain phone in stored roster records (#12 item 12): a roster change's phone (add_resident, edit_resident) has
// been applied to residents.phone, which is encrypted, so the record keeps it masked as a list shows it,
// 13812345678 → 138****5678 (services/roster-changes.ts storedBody does the same for new records). body_hash is left
// as it is, the hash of what the phone sent, so a resend is still a duplicate and a changed one still a conflict.
// Conflicting versions in record_conflicts get the same. Masking is inline (a migration imports only kysely); the
// stored body is canonical JSON, so only the phone's value changes and the rest stays byte for byte.
import type { Kysely } from 'kysely'

const BATCH = 500
/** `"phone":"13812345678"` in canonical JSON; a masked (or null) phone does not match. */
const PLAIN = /"phone":"(1\d{2})\d{4}(\d{4})"/g

function masked(body: string): string {
  return body.replace(PLAIN, '"phone":"$1****$2"')
}

async function maskTable(db: Kysely<any>, table: 'records' | 'record_conflicts', rosterOnly: (q: any) => any): Promise<void> {
  let after = 0
  for (;;) {
    const rows: { seq: number | string; body: string }[] = await rosterOnly(
      db.selectFrom(table).select(['seq', 'body']).where('seq', '>', after).where('body', 'like', '%"phone":"1%'),
    )
      .orderBy('seq')
      .limit(BATCH)
      .execute()
    if (rows.length === 0) return
    after = Number(rows[rows.length - 1].seq)
    for (const r of rows) {
      const body = masked(r.body)
      if (body !== r.body) await db.updateTable(table).set({ body }).where('seq', '=', r.seq).execute()
    }
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  await maskTable(db, 'records', (q) => q.where('kind', '=', 'roster'))
  await maskTable(db, 'record_conflicts', (q) => q.where('body', 'like', '%"kind":"roster"%'))
}

/** The numbers are gone from the records; residents.phone still holds them. */
export async function down(): Promise<void> {}
