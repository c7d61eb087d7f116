// Roster changes from the field (record kind `roster`): the status the field last gave a household or resident.
// A gone one (resident 迁出/死亡, household 迁出/空户/拆除) also has deleted_at, so every count leaves it out as before;
// 长期在外 is a status only. The changes themselves are the records (records.kind = 'roster').
import type { Kysely } from 'kysely'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('households').addColumn('roster_status', 'text').execute()
  await db.schema.alterTable('residents').addColumn('roster_status', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('residents').dropColumn('roster_status').execute()
  await db.schema.alterTable('households').dropColumn('roster_status').execute()
}
