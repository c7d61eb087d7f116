// Household master data changes. Deletion is soft: visits already made to the household stay readable.
import type { Db } from '../db/database'
import { allocateRevs } from '../db/database'
import { recordAudit } from './audit'

export async function deleteHousehold(db: Db, householdId: string, byUserId: string | null, now: number): Promise<void> {
  await db.kysely.transaction().execute(async (trx) => {
    const rev = await allocateRevs(trx, 1)
    await trx.updateTable('households').set({ deleted_at: now, rev }).where('id', '=', householdId).execute()
    await recordAudit(trx, { at: now, userId: byUserId, action: 'household.delete', entity: 'household', entityId: householdId })
  })
}
