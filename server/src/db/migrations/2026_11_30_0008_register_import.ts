// Imports of the area tree, the staff list and the household register: the import jobs, their rows (the checked
// file, kept for the report and the apply), per-pass match keys, and what each import found missing; on the
// register itself the normalised doorplate key, the member's relation to the head, and the "no longer on the
// register" mark an official confirms.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  /** The doorplate as the import matches it (spaces and full-width forms folded); filled in by the import itself. */
  await db.schema.alterTable('households').addColumn('doorplate_key', 'text').execute()
  /** When an import last found the household missing from its grid's register (still counted until confirmed). */
  await db.schema.alterTable('households').addColumn('off_register_at', 'bigint').execute()
  await db.schema.createIndex('households_grid_doorplate').on('households').columns(['grid_id', 'doorplate_key']).execute()
  await db.schema.alterTable('residents').addColumn('relation', 'text').execute()
  await db.schema.alterTable('residents').addColumn('off_register_at', 'bigint').execute()

  // users.phone comes with the accounts migration (0007); the staff import finds people by it.
  const users = (await db.introspection.getTables()).find((t) => t.name === 'users')
  if (users && !users.columns.some((c) => c.name === 'phone')) {
    await db.schema.alterTable('users').addColumn('phone', 'text').execute()
  }
  await db.schema.createIndex('users_phone').ifNotExists().on('users').column('phone').execute()

  await db.schema
    .createTable('imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_bytes', 'bigint', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('processed_rows', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('total_rows', 'integer')
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('columns', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('check_counts', 'text')
    .addColumn('apply_counts', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('checked_at', 'bigint')
    .addColumn('applied_at', 'bigint')
    .execute()
  await db.schema.createIndex('imports_area').on('imports').columns(['area_id', 'created_at']).execute()
  await db.schema.createIndex('imports_county_status').on('imports').columns(['county_id', 'status']).execute()

  // One row per data row of the file, as read (the ID-number column is never among the cells), with the checked outcome.
  await db.schema
    .createTable('import_rows')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('cells', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('import_rows_pk', ['import_id', 'row_no'])
    .execute()
  await db.schema.createIndex('import_rows_outcome').on('import_rows').columns(['import_id', 'outcome', 'row_no']).execute()

  // What one pass (check or apply) has met so far: households, members, areas, people by their match key.
  await db.schema
    .createTable('import_keys')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('grid_id', 'text')
    .addColumn('row_no', 'integer', (c) => c.notNull())
    .addColumn('extra', 'text')
    .addPrimaryKeyConstraint('import_keys_pk', ['import_id', 'key'])
    .execute()
  // By ref first: the sweep asks "did this pass meet household h?"; an index led by import_id would tempt PostgreSQL,
  // before it has statistics, to scan a whole pass instead of probing the key.
  await db.schema.createIndex('import_keys_ref').on('import_keys').columns(['ref', 'import_id']).execute()

  // Households and residents of the imported grids that the file no longer lists, and what the import does with them.
  await db.schema
    .createTable('import_absent')
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('import_absent_pk', ['import_id', 'entity', 'entity_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['import_absent', 'import_keys', 'import_rows', 'imports']) await db.schema.dropTable(t).execute()
  await db.schema.dropIndex('users_phone').ifExists().execute()
  await db.schema.alterTable('residents').dropColumn('off_register_at').execute()
  await db.schema.alterTable('residents').dropColumn('relation').execute()
  await db.schema.dropIndex('households_grid_doorplate').execute()
  await db.schema.alterTable('households').dropColumn('off_register_at').execute()
  await db.schema.alterTable('households').dropColumn('doorplate_key').execute()
}
