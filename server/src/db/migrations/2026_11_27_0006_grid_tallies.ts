// Per-grid aggregates the coverage views sum instead of scanning households, residents and records; back-filled here.
// Frozen like every migration: the back-fill is written out here in SQL, not borrowed from services/grid-tallies.ts,
// so a later change to the live recount cannot change what this step did.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('grid_tallies')
    .addColumn('grid_id', 'text', (c) => c.primaryKey())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('households', 'integer', (c) => c.notNull())
    .addColumn('visited', 'integer', (c) => c.notNull())
    .addColumn('pledged', 'integer', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('grid_tallies_village').on('grid_tallies').column('village_id').execute()
  await db.schema.createIndex('grid_tallies_town').on('grid_tallies').column('town_id').execute()

  // Per birth year, because the 16–60 window moves with the China year.
  await db.schema
    .createTable('grid_resident_tallies')
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('birth_year', 'integer', (c) => c.notNull())
    .addColumn('residents', 'integer', (c) => c.notNull())
    .addColumn('installed', 'integer', (c) => c.notNull())
    .addColumn('real_name', 'integer', (c) => c.notNull())
    .addColumn('warning_on', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_resident_tallies_pk', ['grid_id', 'birth_year'])
    .execute()

  await db.schema
    .createTable('grid_handout_tallies')
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('material_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_handout_tallies_pk', ['grid_id', 'material_id'])
    .execute()

  await db.schema
    .createTable('grid_week_visits')
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('week_start', 'bigint', (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('grid_week_visits_pk', ['grid_id', 'week_start'])
    .execute()

  // What a grid's recount reads: its effective visits by week, and its hand-out items.
  await db.schema
    .createIndex('records_grid_visits')
    .on('records')
    .columns(['grid_id', 'kind', 'superseded_by', 'received_at', 'household_id'])
    .execute()
  await db.schema.createIndex('handout_items_grid').on('handout_items').columns(['grid_id', 'material_id']).execute()

  await backfill(db)
}

/** Every grid's figures as of this migration, the same as services/grid-tallies.ts counted them then. */
async function backfill(db: Kysely<any>): Promise<void> {
  await sql`
    insert into grid_tallies (grid_id, village_id, town_id, county_id, households, visited, pledged)
    select g.id, coalesce(g.village_id, ''), coalesce(g.town_id, ''), g.county_id,
           coalesce(h.households, 0), coalesce(h.visited, 0), coalesce(h.pledged, 0)
    from areas g
    left join (
      select grid_id, count(*) as households, sum(covered) as visited,
             sum(case when pledge_count > 0 then 1 else 0 end) as pledged
      from households where deleted_at is null group by grid_id
    ) h on h.grid_id = g.id
    where g.level = 'grid'`.execute(db)
  await sql`
    insert into grid_resident_tallies (grid_id, birth_year, residents, installed, real_name, warning_on)
    select h.grid_id, p.birth_year, count(*), count(p.installed_on), count(p.real_name_on), count(p.warning_on_on)
    from residents p join households h on h.id = p.household_id
    where h.deleted_at is null and p.deleted_at is null and p.birth_year is not null
    group by h.grid_id, p.birth_year`.execute(db)
  await sql`
    insert into grid_handout_tallies (grid_id, material_id, quantity)
    select i.grid_id, i.material_id, sum(i.quantity)
    from handout_items i join households h on h.id = i.household_id
    where h.deleted_at is null
    group by i.grid_id, i.material_id`.execute(db)
  // Monday 00:00 China time (UTC+8) of receipt: shifted by 8 h plus 3 days (1970-01-01 was a Thursday), Mondays
  // fall on multiples of a week. 288000000 = 8 h + 3 days and 604800000 = 7 days, in ms.
  await sql`
    insert into grid_week_visits (grid_id, week_start, visits)
    select r.grid_id, ((r.received_at + 288000000) / 604800000) * 604800000 - 288000000, count(*)
    from records r join households h on h.id = r.household_id
    where r.kind = 'visit' and r.superseded_by is null and h.deleted_at is null
    group by r.grid_id, ((r.received_at + 288000000) / 604800000) * 604800000 - 288000000`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('handout_items_grid').execute()
  await db.schema.dropIndex('records_grid_visits').execute()
  for (const t of ['grid_week_visits', 'grid_handout_tallies', 'grid_resident_tallies', 'grid_tallies']) {
    await db.schema.dropTable(t).execute()
  }
}
