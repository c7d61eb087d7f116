// Where a person worked when: each move between areas (staff_moves), and the area a record's creation time falls in.
//
// By example: 王晓涛 works grid g2 until he is moved to g3 on 20 November 10:00. A visit to a g2 household he saved
// offline on 19 November and syncs on the 21st is taken (he was in g2 when he made it); one dated 20 November 11:00,
// or any record for a g1 household, is refused as before (HOUSEHOLD_NOT_FOUND). The record's createdAt is the phone's
// claim, as for every other date a record carries.
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

export async function recordMove(trx: Kysely<Database>, move: { userId: string; fromAreaId: string; toAreaId: string; at: number }): Promise<void> {
  await trx
    .insertInto('staff_moves')
    .values({ user_id: move.userId, moved_at: move.at, from_area_id: move.fromAreaId, to_area_id: move.toAreaId })
    .onConflict((oc) => oc.columns(['user_id', 'moved_at']).doUpdateSet({ to_area_id: move.toAreaId }))
    .execute()
}

/** The area the person was in at `at` if they have moved since, else null (they are where they are now). */
export async function formerAreaAt(trx: Kysely<Database>, userId: string, at: number): Promise<string | null> {
  const move = await trx
    .selectFrom('staff_moves')
    .select('from_area_id')
    .where('user_id', '=', userId)
    .where('moved_at', '>', at)
    .orderBy('moved_at')
    .limit(1)
    .executeTakeFirst()
  return move?.from_area_id ?? null
}

/** Whether a household with these area columns lies in `areaId` (the area itself or one above it). */
export function householdWithin(h: { grid_id: string; village_id: string; town_id: string; county_id: string }, areaId: string): boolean {
  return h.grid_id === areaId || h.village_id === areaId || h.town_id === areaId || h.county_id === areaId
}
