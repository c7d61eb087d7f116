// "Visits this week" per area reads only these indexes, not the records table (town view ~2x faster on SQLite).
import type { Kysely } from 'kysely'

const LEVELS = ['village', 'town', 'county'] as const

export async function up(db: Kysely<any>): Promise<void> {
  for (const level of LEVELS) {
    await db.schema.dropIndex(`records_${level}_received`).execute()
    await db.schema
      .createIndex(`records_${level}_received`)
      .on('records')
      .columns([`${level}_id`, 'received_at', 'kind', 'superseded_by', 'household_id'])
      .execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const level of LEVELS) {
    await db.schema.dropIndex(`records_${level}_received`).execute()
    await db.schema.createIndex(`records_${level}_received`).on('records').columns([`${level}_id`, 'received_at']).execute()
  }
}
