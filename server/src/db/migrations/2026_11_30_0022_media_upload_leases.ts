// One server process at a time appends to an upload (several processes on one database): a lease per sha-256,
// taken by inserting its row and given back by deleting it; one whose holder died runs out at expires_at.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('media_upload_leases')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('media_uploads_by_user').on('media_uploads').columns(['uploaded_by', 'updated_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('media_uploads_by_user').execute()
  await db.schema.dropTable('media_upload_leases').execute()
}
