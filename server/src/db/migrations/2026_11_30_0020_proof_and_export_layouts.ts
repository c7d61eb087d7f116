// Only the proof that is needed (#13): each campaign's proof settings, and the county's export layouts for the
// 上级平台 (which column header for which field, in which order, which date format).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  // JSON of core/proof-policy.ts ProofPolicy; null means the documented defaults.
  await db.schema.alterTable('campaigns').addColumn('proof_policy', 'text').execute()
  await db.schema
    .createTable('export_layouts')
    .addColumn('county_id', 'text', (c) => c.notNull())
    // core/export-layout.ts EXPORT_LAYOUT_KINDS: roster (花名册) or visits (入户走访登记)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON: [{ field, header }] in the order of the sheet's columns
    .addColumn('columns', 'text', (c) => c.notNull())
    .addColumn('date_format', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('export_layouts_pk', ['county_id', 'kind'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_layouts').execute()
  await db.schema.alterTable('campaigns').dropColumn('proof_policy').execute()
}
