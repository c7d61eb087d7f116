// Household master data changes. Deletion is soft: visits already made to the household stay readable.
import type { Db } from '../db/database'
import { allocateRevs } from '../db/database'
import { recordAudit } from './audit'
import { refreshGridTallies } from './grid-tallies'

export async function deleteHousehold(db: Db, householdId: string, byUserId: string | null, now: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    // Locks in ingest's order (household, then the change counter, then the grid's tallies), so a delete racing a
    // sync push into the same household waits instead of deadlocking on PostgreSQL.
    let lookup = trx.selectFrom('households').select('grid_id').where('id', '=', householdId)
    if (db.dialect === 'postgres') lookup = lookup.forUpdate()
    const household = await lookup.executeTakeFirst()
    if (!household) return
    const rev = await allocateRevs(trx, 1)
    await trx.updateTable('households').set({ deleted_at: now, rev }).where('id', '=', householdId).execute()
    await refreshGridTallies(trx, [household.grid_id])
    await recordAudit(trx, { at: now, userId: byUserId, action: 'household.delete', entity: 'household', entityId: householdId })
  })
}
