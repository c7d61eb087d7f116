// Residents' rights (PIPL): a feedback item of kind 个人信息 names what is asked (查阅 / 更正 / 撤回) and the pledge it
// is about; a withdrawn pledge is marked on its record (it stops counting: queries/counted-records.ts); a campaign
// whose retention period has passed is marked once its personal data and images are purged.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('feedback').addColumn('request_kind', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('record_id', 'text').execute()
  await db.schema.alterTable('feedback').addColumn('decision', 'text').execute()
  await db.schema.alterTable('records').addColumn('withdrawn_at', 'bigint').execute()
  await db.schema.alterTable('campaigns').addColumn('purged_at', 'bigint').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('campaigns').dropColumn('purged_at').execute()
  await db.schema.alterTable('records').dropColumn('withdrawn_at').execute()
  for (const c of ['decision', 'record_id', 'request_kind']) await db.schema.alterTable('feedback').dropColumn(c).execute()
}
