// 逐案倒查: reported fraud cases, each matched to a household (and, when the report names one, a member) of the area,
// for the back-check of what the outreach had reached before the case date. Amounts are whole fen.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('fraud_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_date', 'text', (c) => c.notNull())
    // China midnight of case_date (epoch ms): "before the case" compares record times with it.
    .addColumn('case_start_at', 'bigint', (c) => c.notNull())
    .addColumn('scam_type', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text')
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  for (const level of ['village', 'town', 'county']) {
    await db.schema.createIndex(`fraud_cases_${level}_date`).on('fraud_cases').columns([`${level}_id`, 'case_date']).execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('fraud_cases').execute()
}
