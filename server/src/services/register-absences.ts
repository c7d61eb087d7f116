// Periods off the register (register_absences): written when a household or resident that had left comes back, read
// by the dated bases (rankings.ts figuresAt).
//
// By example: 李明 迁出 on 12 October (deleted_at 12 Oct), 返乡 on 3 December → an absence [12 Oct, 3 Dec) and
// deleted_at cleared; November's base (its end, 1 December, falls inside the absence) leaves him out, as it did
// before he came back; December's counts him again.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { Database } from '../db/schema'

export type AbsentEntity = 'household' | 'resident'

const TABLE = { household: 'households', resident: 'residents' } as const

/**
 * Before `ids` get deleted_at cleared at `backAt`: keeps the time each of them was away. Call it in the transaction
 * that clears deleted_at; rows not deleted (or deleted no earlier than `backAt`) add nothing.
 */
export async function recordReturns(trx: Kysely<Database>, entity: AbsentEntity, ids: readonly string[], backAt: number): Promise<void> {
  if (!ids.length) return
  await trx
    .insertInto('register_absences')
    .columns(['entity', 'entity_id', 'from_at', 'until_at'])
    .expression(
      trx
        .selectFrom(TABLE[entity])
        .select([sql<string>`cast(${entity} as text)`.as('entity'), 'id', sql<number>`deleted_at`.as('from_at'), sql<number>`cast(${backAt} as bigint)`.as('until_at')])
        .where('id', 'in', [...ids])
        .where('deleted_at', 'is not', null)
        .where('deleted_at', '<', backAt),
    )
    .onConflict((oc) => oc.columns(['entity', 'entity_id', 'from_at']).doNothing())
    .execute()
}

/** `idRef` (e.g. 'h.id') was not away at the instant before `end`: no absence with from_at < end <= until_at. */
export function notAwayAt(entity: AbsentEntity, idRef: string, end: number): Expression<SqlBool> {
  return sql<SqlBool>`not exists (select 1 from register_absences a where a.entity = ${entity} and a.entity_id = ${sql.ref(idRef)} and a.from_at < ${end} and a.until_at >= ${end})`
}
