// The pace flags read each pushing worker's visits around the pushed ones (truth/flagging.ts): without an index on
// the author that was a scan of every visit, once a push, growing with the records table.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('records_author_visits').on('records').columns(['author_id', 'kind', 'occurred_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('records_author_visits').execute()
}
