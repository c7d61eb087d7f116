// Accounts a real county can hand out: phone and active state per person, expiring 绑定码, the one-time setup codes
// of a first start, and login failures counted in the database so a lockout holds across server processes.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('phone', 'text').execute()
  /** Set while the account is stopped: no login, no session, no new codes. */
  await db.schema.alterTable('users').addColumn('deactivated_at', 'bigint').execute()
  await db.schema.alterTable('users').addColumn('bind_code_expires_at', 'bigint').execute()
  await db.schema.createIndex('users_area').on('users').column('area_id').execute()
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('setup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()

  // One row per login code, binding code or client address that failed lately.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'bigint')
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('login_throttle').execute()
  await db.schema.dropTable('setup_codes').execute()
  await db.schema.dropIndex('sessions_user').execute()
  await db.schema.dropIndex('users_area').execute()
  await db.schema.alterTable('users').dropColumn('bind_code_expires_at').execute()
  await db.schema.alterTable('users').dropColumn('deactivated_at').execute()
  await db.schema.alterTable('users').dropColumn('phone').execute()
}
