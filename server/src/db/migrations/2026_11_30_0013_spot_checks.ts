// 电话抽查: a 核查员's weekly draw for a town or the county (one per area and China week, with the random seed it was
// drawn from, so nobody re-rolls for a nicer sample) and its items, one per resident, each with the records it checks
// and the outcome of the call.
import { sql, type Kysely } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter'
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const serial = pg ? sql`bigserial` : sql`integer`
  await db.schema
    .createTable('spot_check_draws')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('week_start', 'bigint', (c) => c.notNull())
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('per_village', 'integer', (c) => c.notNull())
    .addColumn('drawn_by', 'text', (c) => c.notNull())
    .addColumn('drawn_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('spot_check_draws_area_week', ['area_id', 'week_start'])
    .execute()
  await db.schema
    .createTable('spot_check_items')
    .addColumn('seq', serial, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('draw_id', 'text', (c) => c.notNull())
    .addColumn('resident_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('worker_id', 'text')
    .addColumn('record_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('outcome_by', 'text')
    .addColumn('outcome_at', 'bigint')
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .addUniqueConstraint('spot_check_items_draw_resident', ['draw_id', 'resident_id'])
    .execute()
  // The ranking marks villages and towns by a week's outcomes.
  await db.schema.createIndex('spot_check_items_village').on('spot_check_items').columns(['village_id', 'draw_id']).execute()
  await db.schema.createIndex('spot_check_draws_week').on('spot_check_draws').columns(['week_start', 'county_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('spot_check_items').execute()
  await db.schema.dropTable('spot_check_draws').execute()
}
