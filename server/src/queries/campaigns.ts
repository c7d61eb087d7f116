// Campaigns as stored: which campaign is in force for an area at a time, their phases, the first one's start.
import type { Kysely } from 'kysely'
import { chinaDate } from '@core/china-time'
import type { PhaseInput } from '@core/schemas/targets'
import type { AreasTable, CampaignPhasesTable, CampaignsTable, Database } from '../db/schema'

/** An area with its ancestors' ids: a grid, village, town or county (a household's scope columns fit too). */
export type AreaChainOf = Pick<AreasTable, 'id' | 'county_id' | 'town_id' | 'village_id'>

/** Area ids from the county down to the area itself. */
export function areaChain(area: AreaChainOf): string[] {
  return [...new Set([area.county_id, area.town_id, area.village_id, area.id].filter((x): x is string => Boolean(x)))]
}

/**
 * The campaign in force for an area on the China-time day of `at`, or null when its chain has none. A campaign of
 * the area or an ancestor applies; one running that day beats one that is not, then the nearer area wins, then the
 * later start. With none running, the one starting latest applies (the next one once the last has ended), the nearer
 * area on a tie.
 *
 * Example: the county's campaign runs 2026-11-01 to 2027-06-30 and town t1's own 2026-11-20 to 2027-01-31. On
 * 2026-12-01 t1, its villages and grids get t1's and t2 gets the county's; on 2027-02-01 t1 is back on the county's.
 */
export async function campaignInForce(k: Kysely<Database>, area: AreaChainOf, at: number): Promise<CampaignsTable | null> {
  return (await campaignsInForce(k, [area], at)).get(area.id) ?? null
}

/** campaignInForce for several areas with one query: area id → its campaign (null for none). */
export async function campaignsInForce(k: Kysely<Database>, areas: readonly AreaChainOf[], at: number): Promise<Map<string, CampaignsTable | null>> {
  const out = new Map<string, CampaignsTable | null>()
  if (areas.length === 0) return out
  const ids = [...new Set(areas.flatMap(areaChain))]
  const rows = await k.selectFrom('campaigns').selectAll().where('area_id', 'in', ids).execute()
  const today = chinaDate(at)
  for (const area of areas) out.set(area.id, pick(areaChain(area), rows, today))
  return out
}

function pick(chain: string[], rows: CampaignsTable[], today: string): CampaignsTable | null {
  const depth = (c: CampaignsTable) => chain.indexOf(c.area_id)
  const running = (c: CampaignsTable) => c.starts_on <= today && (c.ends_on === null || c.ends_on >= today)
  const mine = rows.filter((c) => depth(c) >= 0)
  const now = mine.filter(running)
  const order = now.length
    ? (a: CampaignsTable, b: CampaignsTable) => depth(b) - depth(a) || b.starts_on.localeCompare(a.starts_on)
    : (a: CampaignsTable, b: CampaignsTable) => b.starts_on.localeCompare(a.starts_on) || depth(b) - depth(a)
  return (now.length ? now : mine).sort(order)[0] ?? null
}

export type Phase = Pick<CampaignPhasesTable, 'name' | 'starts_on' | 'ends_on'>

export async function campaignPhases(k: Kysely<Database>, campaignId: string): Promise<Phase[]> {
  return k.selectFrom('campaign_phases').select(['name', 'starts_on', 'ends_on']).where('campaign_id', '=', campaignId).orderBy('sort').execute()
}

/** Replaces a campaign's phases, numbered in the given order. */
export async function replacePhases(k: Kysely<Database>, campaignId: string, phases: readonly PhaseInput[]): Promise<void> {
  await k.deleteFrom('campaign_phases').where('campaign_id', '=', campaignId).execute()
  if (phases.length === 0) return
  await k
    .insertInto('campaign_phases')
    .values(phases.map((p, i) => ({ campaign_id: campaignId, name: p.name, starts_on: p.startsOn, ends_on: p.endsOn, sort: i + 1 })))
    .execute()
}

/** YYYY-MM-DD of the earliest campaign start anywhere, null before any campaign exists. */
export async function firstCampaignStart(k: Kysely<Database>): Promise<string | null> {
  const row = await k.selectFrom('campaigns').select((eb) => eb.fn.min('starts_on').as('first')).executeTakeFirst()
  return row?.first ?? null
}
