// Truthful data: every record gets a review state (已接收 → 待核查 → 已核实 / 不属实) with its history, the automatic
// flags that name their evidence, decisions on conflicting resends, grids' geometry for the place flag, screenshots'
// fingerprints for the reused-screenshot flag, and an audit log the database itself keeps append-only.
import { sql, type Kysely } from 'kysely'

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter.constructor.name === 'PostgresAdapter'
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db)
  const serial = pg ? sql`bigserial` : sql`integer`
  const seqPk = (t: string) =>
    db.schema.createTable(t).addColumn('seq', serial, (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))

  await db.schema.alterTable('records').addColumn('review_state', 'text', (c) => c.notNull().defaultTo('accepted')).execute()
  // The queue reads flagged records of an area oldest first; the other states are the large majority.
  for (const level of ['village', 'town', 'county']) {
    await db.schema.createIndex(`records_${level}_review`).on('records').columns([`${level}_id`, 'review_state', 'received_at']).execute()
  }

  await seqPk('record_flags')
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('record_flags_record_kind').on('record_flags').columns(['record_id', 'kind']).unique().execute()

  await seqPk('review_events')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('from_state', 'text', (c) => c.notNull())
    .addColumn('to_state', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('comment', 'text', (c) => c.notNull().defaultTo(''))
    .execute()
  await db.schema.createIndex('review_events_record').on('review_events').columns(['record_id', 'seq']).execute()

  await db.schema.alterTable('record_conflicts').addColumn('decided_at', 'bigint').execute()
  await db.schema.alterTable('record_conflicts').addColumn('decided_by', 'text').execute()
  await db.schema.alterTable('record_conflicts').addColumn('decision', 'text').execute()

  await db.schema.alterTable('areas').addColumn('centre_lat', 'double precision').execute()
  await db.schema.alterTable('areas').addColumn('centre_lng', 'double precision').execute()
  await db.schema.alterTable('areas').addColumn('radius_m', 'integer').execute()

  await db.schema.alterTable('media').addColumn('print', 'text').execute()

  await appendOnlyAudit(db, pg)
}

async function appendOnlyAudit(db: Kysely<any>, pg: boolean): Promise<void> {
  if (pg) {
    await sql`create function audit_log_append_only() returns trigger language plpgsql as $$
      begin raise exception 'audit_log is append-only'; end $$`.execute(db)
    await sql`create trigger audit_log_append_only before update or delete on audit_log
      for each row execute function audit_log_append_only()`.execute(db)
    return
  }
  for (const op of ['update', 'delete']) {
    await sql
      .raw(`create trigger audit_log_no_${op} before ${op} on audit_log begin select raise(abort, 'audit_log is append-only'); end`)
      .execute(db)
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists audit_log_append_only on audit_log`.execute(db)
    await sql`drop function if exists audit_log_append_only()`.execute(db)
  } else {
    await sql`drop trigger if exists audit_log_no_update`.execute(db)
    await sql`drop trigger if exists audit_log_no_delete`.execute(db)
  }
  await db.schema.alterTable('media').dropColumn('print').execute()
  for (const col of ['radius_m', 'centre_lng', 'centre_lat']) await db.schema.alterTable('areas').dropColumn(col).execute()
  for (const col of ['decision', 'decided_by', 'decided_at']) await db.schema.alterTable('record_conflicts').dropColumn(col).execute()
  await db.schema.dropTable('review_events').execute()
  await db.schema.dropTable('record_flags').execute()
  for (const level of ['village', 'town', 'county']) await db.schema.dropIndex(`records_${level}_review`).execute()
  await db.schema.alterTable('records').dropColumn('review_state').execute()
}
