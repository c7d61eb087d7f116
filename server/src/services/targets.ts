// Campaigns, their phases and dated targets: which targets apply to an area, overrides, and status against them.
import { randomUUID } from 'node:crypto'
import { INDICATOR_BASE, chinaDate, effectiveTargets, targetStatus, type Indicator, type TargetDef } from '@core/targets'
import type { CampaignResponse, TargetInput, TargetStatusResponse } from '@core/schemas/targets'
import type { CoverageRow } from '@core/schemas/coverage'
import { coveragePct } from '@core/coverage'
import type { Db } from '../db/database'
import type { CampaignsTable } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { recordAudit } from './audit'
import { areaInScope, type Area } from './areas'
import { coverageOf } from './coverage'

/** Area ids from the county down to the area itself. */
export function areaChain(area: Area): string[] {
  return [...new Set([area.county_id, area.town_id, area.village_id, area.id].filter((x): x is string => Boolean(x)))]
}

/** The campaign of the area's chain that runs today (nearest area first), else the latest one; 404 without any. */
export async function campaignFor(db: Db, area: Area, now: number): Promise<CampaignsTable> {
  const chain = areaChain(area)
  const rows = await db.kysely.selectFrom('campaigns').selectAll().where('area_id', 'in', chain).execute()
  if (!rows.length) throw new AppError('NOT_FOUND', '本区域尚未设立宣传行动')
  const today = chinaDate(now)
  const running = (c: CampaignsTable) => c.starts_on <= today && (c.ends_on === null || c.ends_on >= today)
  rows.sort((a, b) => Number(running(b)) - Number(running(a)) || chain.indexOf(b.area_id) - chain.indexOf(a.area_id) || b.starts_on.localeCompare(a.starts_on))
  return rows[0]
}

export async function targetsFor(db: Db, campaignId: string, area: Area): Promise<TargetDef[]> {
  const chain = areaChain(area)
  const rows = await db.kysely
    .selectFrom('targets')
    .select(['area_id', 'indicator', 'target_pct', 'deadline'])
    .where('campaign_id', '=', campaignId)
    .where('area_id', 'in', chain)
    .execute()
  const defs = rows.map((r) => ({ areaId: r.area_id, indicator: r.indicator as Indicator, targetPct: Number(r.target_pct), deadline: r.deadline }))
  return effectiveTargets(chain, defs)
}

export async function currentCampaign(db: Db, user: UserContext, areaId: string | undefined, now: number): Promise<CampaignResponse> {
  const area = await areaInScope(db, user, areaId)
  const c = await campaignFor(db, area, now)
  const phases = await db.kysely.selectFrom('campaign_phases').selectAll().where('campaign_id', '=', c.id).orderBy('sort').execute()
  const today = chinaDate(now)
  return {
    campaign: { id: c.id, name: c.name, areaId: c.area_id, startsOn: c.starts_on, endsOn: c.ends_on },
    phases: phases.map((p) => ({ name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, current: p.starts_on <= today && today <= p.ends_on })),
    areaId: area.id,
    targets: (await targetsFor(db, c.id, area)).map(toEffective),
  }
}

function toEffective(t: TargetDef) {
  return { indicator: t.indicator, base: INDICATOR_BASE[t.indicator], targetPct: t.targetPct, deadline: t.deadline, setByAreaId: t.areaId }
}

/**
 * Sets (or replaces) one target of the caller's campaign for an area: a town official for their town and its
 * villages, a county admin for any county, town or village of the county. Same area, indicator and deadline: the
 * percentage is replaced.
 */
export async function setTarget(db: Db, user: UserContext, input: TargetInput, now: number): Promise<CampaignResponse> {
  if (user.role !== 'town_official' && user.role !== 'county_admin') throw new AppError('FORBIDDEN')
  const area = await areaInScope(db, user, input.areaId)
  if (area.level === 'grid') throw new AppError('FORBIDDEN')
  const campaign = await campaignFor(db, area, now)
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('targets')
      .values({
        id: randomUUID(),
        campaign_id: campaign.id,
        area_id: area.id,
        indicator: input.indicator,
        target_pct: input.targetPct,
        deadline: input.deadline,
        updated_by: user.id,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'area_id', 'indicator', 'deadline']).doUpdateSet({ target_pct: input.targetPct, updated_by: user.id, updated_at: now }),
      )
      .execute()
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'target.set',
      entity: 'target',
      entityId: `${campaign.id}/${area.id}/${input.indicator}/${input.deadline}`,
      detail: { campaignId: campaign.id, areaId: area.id, indicator: input.indicator, targetPct: input.targetPct, deadline: input.deadline },
    })
  })
  return currentCampaign(db, user, area.id, now)
}

/** Done and base per indicator, from a coverage row. */
export function indicatorFigures(row: CoverageRow): Record<Indicator, { done: number; base: number }> {
  return {
    visit_coverage: { done: row.visited, base: row.households },
    pledge_households: { done: row.pledgedHouseholds, base: row.households },
    installed: { done: row.installed, base: row.targetResidents },
    real_name: { done: row.realName, base: row.targetResidents },
    warning_on: { done: row.warningOn, base: row.targetResidents },
  }
}

export async function targetsStatus(db: Db, user: UserContext, areaId: string | undefined, now: number): Promise<TargetStatusResponse> {
  const area = await areaInScope(db, user, areaId)
  const campaign = await campaignFor(db, area, now)
  const targets = await targetsFor(db, campaign.id, area)
  const figures = indicatorFigures((await coverageOf(db, area, now)).area)
  return {
    areaId: area.id,
    campaignId: campaign.id,
    items: targets.map((t) => {
      const { done, base } = figures[t.indicator]
      const s = targetStatus(done, base, t.targetPct, t.deadline, now, campaign.starts_on)
      return {
        ...toEffective(t),
        baseCount: base,
        current: done,
        currentPct: coveragePct(done, base),
        state: s.state,
        needed: s.needed,
        expected: s.expected,
      }
    }),
    serverTime: new Date(now).toISOString(),
  }
}
