// Moves of staff between areas, with their time: records a worker made before a move, synced after it, are checked
// against the grid they were in when they made them (services/staff-moves.ts).
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('staff_moves')
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** When the move took effect, epoch ms. */
    .addColumn('moved_at', 'bigint', (c) => c.notNull())
    /** The area the person left. */
    .addColumn('from_area_id', 'text', (c) => c.notNull())
    .addColumn('to_area_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_moves_pk', ['user_id', 'moved_at'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('staff_moves').execute()
}
