// The foundation tables: areas, households, residents, users, sessions, campaigns, records, audit.
import { sql, type Kysely } from 'kysely'

/** An auto-numbered primary key that both SQLite and PostgreSQL accept. */
function serialType(db: Kysely<any>) {
  return isPostgres(db) ? sql`bigserial` : sql`integer`
}

export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter'
}

export async function up(db: Kysely<any>): Promise<void> {
  const serial = serialType(db)
  const pg = isPostgres(db)
  const seqPk = (t: string) =>
    db.schema.createTable(t).addColumn('seq', serial, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))

  await db.schema
    .createTable('areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('parent_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text')
    .addColumn('village_id', 'text')
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('areas_parent').on('areas').column('parent_id').execute()

  await db.schema
    .createTable('households')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('doorplate', 'text', (c) => c.notNull())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .addColumn('visit_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('covered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_visit_at', 'bigint')
    .addColumn('last_outcome', 'text')
    .execute()
  await db.schema.createIndex('households_grid_rev').on('households').columns(['grid_id', 'rev']).execute()
  await db.schema.createIndex('households_village').on('households').columns(['village_id', 'grid_id']).execute()
  await db.schema.createIndex('households_town').on('households').columns(['town_id', 'village_id']).execute()
  await db.schema.createIndex('households_rev').on('households').column('rev').execute()

  await db.schema
    .createTable('residents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer')
    .addColumn('gender', 'text')
    .addColumn('phone', 'text')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deleted_at', 'bigint')
    .addColumn('rev', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('residents_household').on('residents').column('household_id').execute()
  await db.schema.createIndex('residents_grid_rev').on('residents').columns(['grid_id', 'rev']).execute()
  await db.schema.createIndex('residents_rev').on('residents').column('rev').execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('login_code_hash', 'text', (c) => c.unique())
    .addColumn('bind_code_hash', 'text', (c) => c.unique())
    .addColumn('wx_openid', 'text', (c) => c.unique())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await seqPk('records')
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('replaces_id', 'text')
    .addColumn('superseded_by', 'text')
    .addColumn('campaign_id', 'text')
    .addColumn('device_time', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('orphaned', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('records_household').on('records').columns(['household_id', 'seq']).execute()
  await db.schema.createIndex('records_replaces').on('records').column('replaces_id').execute()
  await db.schema.createIndex('records_village_received').on('records').columns(['village_id', 'received_at']).execute()
  await db.schema.createIndex('records_town_received').on('records').columns(['town_id', 'received_at']).execute()
  await db.schema.createIndex('records_county_received').on('records').columns(['county_id', 'received_at']).execute()

  await seqPk('record_conflicts')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('record_conflicts_unique')
    .on('record_conflicts')
    .columns(['record_id', 'body_hash'])
    .unique()
    .execute()

  await seqPk('audit_log')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text')
    .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute()
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute()

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute()
  await db.insertInto('counters').values({ name: 'rev', value: 0 }).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['counters', 'audit_log', 'record_conflicts', 'records', 'campaigns', 'sessions', 'users', 'residents', 'households', 'areas']) {
    await db.schema.dropTable(t).execute()
  }
}
