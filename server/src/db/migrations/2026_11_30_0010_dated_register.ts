// Dated denominators: a resident counts in a past period's 16–60 base only if on the register by the period's end
// (households already carry created_at). Residents already stored take their household's created_at, so the
// figures of periods before this migration do not move.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('residents')
    .addColumn('created_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute()
  await sql`update residents set created_at = (select h.created_at from households h where h.id = residents.household_id)
    where exists (select 1 from households h where h.id = residents.household_id)`.execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('residents').dropColumn('created_at').execute()
}
