// Field records beyond visits: pledge templates, materials, media, signing links, per-resident install steps.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('pledge_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('pledge_templates_area_version', ['area_id', 'version'])
    .execute()

  await db.schema
    .createTable('materials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('needs_receipt', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .execute()

  await db.schema
    .createTable('media')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('media_uploads')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('total_bytes', 'integer', (c) => c.notNull())
    .addColumn('received_bytes', 'integer', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('record_media')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_media_pk', ['record_id', 'sha256'])
    .execute()
  await db.schema.createIndex('record_media_sha').on('record_media').column('sha256').execute()

  await db.schema
    .createTable('pledges')
    .addColumn('record_id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text')
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('signer_key', 'text', (c) => c.notNull())
    .addColumn('signer_name', 'text', (c) => c.notNull())
    .addColumn('signed_at', 'bigint', (c) => c.notNull())
    /** The earlier pledge of the same signer in the same campaign; a repeat is kept but not counted. */
    .addColumn('duplicate_of', 'text')
    .addColumn('verification_code', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('pledges_household').on('pledges').column('household_id').execute()
  await db.schema.createIndex('pledges_village').on('pledges').columns(['village_id', 'signed_at']).execute()
  await db.schema.createIndex('pledges_code').on('pledges').column('verification_code').execute()

  await db.schema
    .createTable('handout_items')
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('material_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('grid_id', 'text', (c) => c.notNull())
    .addColumn('village_id', 'text', (c) => c.notNull())
    .addColumn('town_id', 'text', (c) => c.notNull())
    .addColumn('county_id', 'text', (c) => c.notNull())
    .addColumn('receipt_signed', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('handout_items_pk', ['record_id', 'material_id'])
    .execute()
  await db.schema.createIndex('handout_items_village').on('handout_items').columns(['village_id', 'material_id']).execute()
  await db.schema.createIndex('handout_items_town').on('handout_items').columns(['town_id', 'material_id']).execute()

  await db.schema
    .createTable('sign_links')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('household_id', 'text', (c) => c.notNull())
    .addColumn('used_at', 'bigint', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .execute()

  await db.schema.alterTable('users').addColumn('link_key', 'text').execute()
  await db.schema.alterTable('households').addColumn('pledge_count', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  for (const col of ['installed_on', 'real_name_on', 'warning_on_on']) {
    await db.schema.alterTable('residents').addColumn(col, 'text').execute()
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const col of ['installed_on', 'real_name_on', 'warning_on_on']) await db.schema.alterTable('residents').dropColumn(col).execute()
  await db.schema.alterTable('households').dropColumn('pledge_count').execute()
  await db.schema.alterTable('users').dropColumn('link_key').execute()
  for (const t of ['sign_links', 'handout_items', 'pledges', 'record_media', 'media_uploads', 'media', 'materials', 'pledge_templates']) {
    await db.schema.dropTable(t).execute()
  }
}
