// Dated register, part two: the periods a household or resident was off the register and came back (返乡, or listed
// again by an import). deleted_at holds only the latest departure, so without these a return would put the time away
// back into the bases of the periods it covered. Nothing to back-fill: earlier returns left no trace.
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('register_absences')
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    /** When it left the register (the deleted_at it had), epoch ms. */
    .addColumn('from_at', 'bigint', (c) => c.notNull())
    /** When it came back, epoch ms. */
    .addColumn('until_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_absences_pk', ['entity', 'entity_id', 'from_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('register_absences').execute()
}
