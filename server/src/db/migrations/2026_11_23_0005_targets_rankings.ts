// Campaign phases, dated targets per area, stored weekly rankings, and job_runs: the once-only guard for scheduled jobs.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaign_phases')
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('campaign_phases_pk', ['campaign_id', 'sort'])
    .execute()

  await db.schema
    .createTable('targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('indicator', 'text', (c) => c.notNull())
    .addColumn('target_pct', 'double precision', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // One target per (area, indicator, deadline): a PUT for the same key replaces the percentage.
    .addUniqueConstraint('targets_key', ['campaign_id', 'area_id', 'indicator', 'deadline'])
    .execute()

  await db.schema
    .createTable('rankings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('week_start', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('rows', 'text', (c) => c.notNull())
    .addUniqueConstraint('rankings_area_week', ['area_id', 'week_start'])
    .execute()

  await db.schema
    .createTable('job_runs')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('owner', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_runs_pk', ['job', 'period_key'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['job_runs', 'rankings', 'targets', 'campaign_phases']) await db.schema.dropTable(t).execute()
}
