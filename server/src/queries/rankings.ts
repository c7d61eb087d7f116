// Stored weekly rankings (排名通报): one row per ranked area and week, its rows as JSON read back with their schema.
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { Kysely } from 'kysely'
import { RankingRowSchema, type RankingRow } from '@core/schemas/targets'
import type { Database } from '../db/schema'

export interface StoredRanking {
  areaId: string
  campaignId: string | null
  /** Monday 00:00 China time of the ranked week. */
  weekStart: number
  createdAt: number
  rows: RankingRow[]
}

const RowsSchema = z.array(RankingRowSchema)

type RankingsRow = Database['rankings']

function toStored(r: Pick<RankingsRow, 'area_id' | 'campaign_id' | 'week_start' | 'created_at' | 'rows'>): StoredRanking {
  return {
    areaId: r.area_id,
    campaignId: r.campaign_id,
    weekStart: Number(r.week_start),
    createdAt: Number(r.created_at),
    rows: RowsSchema.parse(JSON.parse(r.rows)),
  }
}

const COLUMNS = ['area_id', 'campaign_id', 'week_start', 'created_at', 'rows'] as const

/** The area's ranking of the week starting `weekStart`, or its latest without one. */
export async function rankingOf(k: Kysely<Database>, areaId: string, weekStart?: number): Promise<StoredRanking | null> {
  let q = k.selectFrom('rankings').select(COLUMNS).where('area_id', '=', areaId)
  q = weekStart === undefined ? q.orderBy('week_start', 'desc') : q.where('week_start', '=', weekStart)
  const row = await q.executeTakeFirst()
  return row ? toStored(row) : null
}

/** The area's latest ranking of a week before the one starting `weekStart`. */
export async function rankingBefore(k: Kysely<Database>, areaId: string, weekStart: number): Promise<StoredRanking | null> {
  const row = await k.selectFrom('rankings').select(COLUMNS).where('area_id', '=', areaId).where('week_start', '<', weekStart).orderBy('week_start', 'desc').executeTakeFirst()
  return row ? toStored(row) : null
}

/** The area's rankings of the weeks starting in [from, to). */
export async function rankingsBetween(k: Kysely<Database>, areaId: string, from: number, to: number): Promise<StoredRanking[]> {
  const rows = await k.selectFrom('rankings').select(COLUMNS).where('area_id', '=', areaId).where('week_start', '>=', from).where('week_start', '<', to).execute()
  return rows.map(toStored)
}

/** Stores rankings; one already stored for the same area and week stays as it was. */
export async function insertRankings(k: Kysely<Database>, rankings: readonly Omit<StoredRanking, 'createdAt'>[], createdAt: number): Promise<void> {
  if (rankings.length === 0) return
  await k
    .insertInto('rankings')
    .values(
      rankings.map((r) => ({
        id: randomUUID(),
        area_id: r.areaId,
        campaign_id: r.campaignId,
        week_start: r.weekStart,
        created_at: createdAt,
        rows: JSON.stringify(r.rows),
      })),
    )
    .onConflict((oc) => oc.columns(['area_id', 'week_start']).doNothing())
    .execute()
}
