// 投诉建议: feedback from a signed-in user or from a resident through their signing link, and the official's answer.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('feedback')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Exactly one of the two: the signed-in sender, or the nonce of the signing link a resident came from.
    .addColumn('user_id', 'text')
    .addColumn('link_nonce', 'text')
    .addColumn('household_id', 'text')
    .addColumn('contact_phone', 'text')
    // The sender's area (a resident's: the household's grid); town_id is null for the county's own accounts.
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text')
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_by', 'text')
    .addColumn('answered_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('feedback_user').on('feedback').columns(['user_id', 'created_at']).execute()
  await db.schema.createIndex('feedback_link').on('feedback').columns(['link_nonce', 'created_at']).execute()
  for (const level of ['town', 'county']) {
    await db.schema.createIndex(`feedback_${level}_status`).on('feedback').columns([`${level}_id`, 'status', 'created_at']).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('feedback').execute()
}
