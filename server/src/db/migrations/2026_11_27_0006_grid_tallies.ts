// Per-grid aggregates the coverage views sum instead of scanning households, residents and records; back-filled here.
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { recountGrids } from '../../services/grid-tallies'

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

  await recountGrids(db as Kysely<Database>, 'all')
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('handout_items_grid').execute()
  await db.schema.dropIndex('records_grid_visits').execute()
  for (const t of ['grid_week_visits', 'grid_handout_tallies', 'grid_resident_tallies', 'grid_tallies']) {
    await db.schema.dropTable(t).execute()
  }
}
