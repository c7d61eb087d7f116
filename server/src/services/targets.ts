// Campaigns, their phases and dated targets: which targets apply to an area, overrides, and status against them.
import { randomUUID } from 'node:crypto'
import { chinaDate } from '@core/china-time'
import { INDICATOR_BASE, effectiveTargets, targetStatus, type Indicator, type TargetDef } from '@core/targets'
import { proofPolicyOf } from '@core/proof-policy'
import { phasesProblem, type ProofPolicyInput, type CampaignInput, type CampaignResponse, type NewCampaignInput, type PhaseInput, type TargetInput, type TargetKey, type TargetStatusResponse } from '@core/schemas/targets'
import type { AreaLevel } from '@core/schemas/auth'
import type { CoverageRow } from '@core/schemas/coverage'
import { coveragePct } from '@core/coverage'
import type { Db } from '../db/database'
import type { CampaignsTable } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { recordAudit } from './audit'
import { areaInScope, type Area } from './areas'
import { coverageOf } from './coverage'
import { areaChain, campaignInForce, campaignPhases, replacePhases } from '../queries/campaigns'

/** The campaign in force for the area (queries/campaigns.ts); 404 without any. */
async function campaignFor(db: Db, area: Area, now: number): Promise<CampaignsTable> {
  const campaign = await campaignInForce(db.kysely, area, now)
  if (!campaign) throw new AppError('NOT_FOUND', '本区域尚未设立宣传行动')
  return campaign
}

export interface AreaTarget extends TargetDef {
  /** The value from above that the area's own setting overrides, if any (恢复继承 brings it back). */
  inherited: TargetDef | null
}

export async function targetsFor(db: Db, campaignId: string, area: Area): Promise<AreaTarget[]> {
  const chain = areaChain(area)
  const rows = await db.kysely
    .selectFrom('targets')
    .select(['area_id', 'indicator', 'target_pct', 'deadline'])
    .where('campaign_id', '=', campaignId)
    .where('area_id', 'in', chain)
    .execute()
  const defs = rows.map((r) => ({ areaId: r.area_id, indicator: r.indicator as Indicator, targetPct: Number(r.target_pct), deadline: r.deadline }))
  const above = new Map(effectiveTargets(chain.slice(0, -1), defs).map((t) => [`${t.indicator}|${t.deadline}`, t]))
  return effectiveTargets(chain, defs).map((t) => ({
    ...t,
    inherited: t.areaId === area.id ? (above.get(`${t.indicator}|${t.deadline}`) ?? null) : null,
  }))
}

/** county / town / village / grid of an id in the area's chain. */
function levelOf(area: Area, id: string): AreaLevel {
  if (id === area.county_id) return 'county'
  if (id === area.town_id) return 'town'
  if (id === area.village_id) return 'village'
  return area.level
}

export async function currentCampaign(db: Db, user: UserContext, areaId: string | undefined, now: number): Promise<CampaignResponse> {
  const area = await areaInScope(db, user, areaId)
  const c = await campaignFor(db, area, now)
  const phases = await campaignPhases(db.kysely, c.id)
  const today = chinaDate(now)
  return {
    campaign: { id: c.id, name: c.name, areaId: c.area_id, startsOn: c.starts_on, endsOn: c.ends_on },
    phases: phases.map((p) => ({ name: p.name, startsOn: p.starts_on, endsOn: p.ends_on, current: p.starts_on <= today && today <= p.ends_on })),
    areaId: area.id,
    areaName: area.name,
    areaLevel: area.level,
    targets: (await targetsFor(db, c.id, area)).map((t) => toEffective(area, t)),
    proof: proofPolicyOf(c.proof_policy),
  }
}

/**
 * The county admin sets which proof the campaign in force at an area asks for: the county's own campaign or a
 * town's (the county answers for what the grassroots are asked to collect). Applies to records received from now
 * on; the phones get it with their next pull.
 */
export async function setProofPolicy(db: Db, user: UserContext, input: ProofPolicyInput, now: number): Promise<CampaignResponse> {
  const area = await areaInScope(db, user, input.areaId)
  const campaign = await campaignFor(db, area, now)
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('campaigns').set({ proof_policy: JSON.stringify(input.proof) }).where('id', '=', campaign.id).execute()
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'campaign.proof',
      entity: 'campaign',
      entityId: campaign.id,
      detail: { before: proofPolicyOf(campaign.proof_policy), after: input.proof },
    })
  })
  return currentCampaign(db, user, area.id, now)
}

function toEffective(area: Area, t: AreaTarget) {
  return {
    indicator: t.indicator,
    base: INDICATOR_BASE[t.indicator],
    targetPct: t.targetPct,
    deadline: t.deadline,
    setByAreaId: t.areaId,
    setByLevel: levelOf(area, t.areaId),
    inherited: t.inherited && { targetPct: t.inherited.targetPct, setByAreaId: t.inherited.areaId, setByLevel: levelOf(area, t.inherited.areaId) },
  }
}

/**
 * Sets (or replaces) one target of the caller's campaign for an area: a town official for their town and its
 * villages, a county admin for any county, town or village of the county. Same area, indicator and deadline: the
 * percentage is replaced.
 */
export async function setTarget(db: Db, user: UserContext, input: TargetInput, now: number): Promise<CampaignResponse> {
  const area = await targetArea(db, user, input.areaId)
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

/** The area whose targets the caller may set: a town official's town or village, anything of a county admin's county. */
async function targetArea(db: Db, user: UserContext, areaId: string | undefined): Promise<Area> {
  const area = await areaInScope(db, user, areaId)
  if (area.level === 'grid') throw new AppError('FORBIDDEN')
  return area
}

/**
 * 恢复继承: deletes the area's own setting of one target, so the value from above applies again. The campaign
 * area's own targets are the base everything inherits and cannot be "restored" (TARGET_IS_BASE).
 */
export async function restoreTarget(db: Db, user: UserContext, key: TargetKey, now: number): Promise<CampaignResponse> {
  const area = await targetArea(db, user, key.areaId)
  const campaign = await campaignFor(db, area, now)
  if (campaign.area_id === area.id) throw new AppError('TARGET_IS_BASE')
  await db.kysely.transaction().execute(async (trx) => {
    const gone = await trx
      .deleteFrom('targets')
      .where('campaign_id', '=', campaign.id)
      .where('area_id', '=', area.id)
      .where('indicator', '=', key.indicator)
      .where('deadline', '=', key.deadline)
      .returning(['target_pct'])
      .executeTakeFirst()
    if (!gone) throw new AppError('TARGET_NOT_FOUND')
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'target.restore',
      entity: 'target',
      entityId: `${campaign.id}/${area.id}/${key.indicator}/${key.deadline}`,
      detail: { campaignId: campaign.id, areaId: area.id, indicator: key.indicator, deadline: key.deadline, removedPct: Number(gone.target_pct) },
    })
  })
  return currentCampaign(db, user, area.id, now)
}

/**
 * Renames the campaign that applies to the area and replaces its phases. Only its owner may: the town official of a
 * town's campaign, the county admin of a county's (CAMPAIGN_NOT_OWNER otherwise). The campaign then runs from the
 * first phase's start to the last one's end, which also moves where the on-track line of every target starts.
 */
export async function updateCampaign(db: Db, user: UserContext, input: CampaignInput, now: number): Promise<CampaignResponse> {
  const area = await areaInScope(db, user, input.areaId)
  const campaign = await campaignFor(db, area, now)
  const owner = (user.role === 'town_official' || user.role === 'county_admin') && campaign.area_id === user.areaId
  if (!owner) throw new AppError('CAMPAIGN_NOT_OWNER')
  const problem = phasesProblem(input.phases)
  if (problem) throw new AppError(problem)
  const before = await campaignPhases(db.kysely, campaign.id)
  const { startsOn, endsOn } = campaignDates(input.phases)
  await db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('campaigns').set({ name: input.name, starts_on: startsOn, ends_on: endsOn }).where('id', '=', campaign.id).execute()
    await replacePhases(trx, campaign.id, input.phases)
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'campaign.update',
      entity: 'campaign',
      entityId: campaign.id,
      detail: {
        before: { name: campaign.name, startsOn: campaign.starts_on, endsOn: campaign.ends_on, phases: before },
        after: { name: input.name, startsOn, endsOn, phases: input.phases },
      },
    })
  })
  return currentCampaign(db, user, area.id, now)
}

/** A campaign runs from its first phase's start to its last phase's end (phases are checked to be in order). */
function campaignDates(phases: readonly PhaseInput[]): { startsOn: string; endsOn: string } {
  return { startsOn: phases[0].startsOn, endsOn: phases[phases.length - 1].endsOn }
}

/**
 * 新建宣传行动 for the caller's own town or county, with its phases and its own (base) targets. Refused while another
 * campaign of the same area overlaps its dates (CAMPAIGN_OVERLAPS); one that starts after the last one ended is fine.
 *
 * campaignInForce prefers a running campaign, then the nearest area, so once a town's own campaign runs it is the
 * current one for the town and its villages (records, pledges, pulls, rankings) even while the county's also runs. The county's targets (and any overrides set
 * under the county's campaign) belong to that campaign and no longer apply there; the town's own targets are the base
 * its villages inherit. The county and the other towns keep the county's campaign.
 */
export async function createCampaign(db: Db, user: UserContext, input: NewCampaignInput, now: number): Promise<CampaignResponse> {
  const area = await areaInScope(db, user, user.areaId)
  const problem = phasesProblem(input.phases)
  if (problem) throw new AppError(problem)
  const { startsOn, endsOn } = campaignDates(input.phases)
  const targets = input.targets ?? []
  if (targets.some((t) => t.deadline < startsOn || t.deadline > endsOn)) throw new AppError('TARGET_DEADLINE_OUTSIDE')
  const id = randomUUID()
  await db.kysely.transaction().execute(async (trx) => {
    // Two officials creating at once: the area's row serialises the overlap check on PostgreSQL (SQLite writes one at a time).
    if (db.dialect === 'postgres') await trx.selectFrom('areas').select('id').where('id', '=', area.id).forUpdate().execute()
    const clash = await trx
      .selectFrom('campaigns')
      .select('id')
      .where('area_id', '=', area.id)
      .where('starts_on', '<=', endsOn)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', startsOn)]))
      .executeTakeFirst()
    if (clash) throw new AppError('CAMPAIGN_OVERLAPS')
    await trx.insertInto('campaigns').values({ id, area_id: area.id, name: input.name, starts_on: startsOn, ends_on: endsOn, created_at: now }).execute()
    await replacePhases(trx, id, input.phases)
    if (targets.length) {
      await trx
        .insertInto('targets')
        .values(
          targets.map((t) => ({
            id: randomUUID(),
            campaign_id: id,
            area_id: area.id,
            indicator: t.indicator,
            target_pct: t.targetPct,
            deadline: t.deadline,
            updated_by: user.id,
            updated_at: now,
          })),
        )
        .execute()
    }
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: 'campaign.create',
      entity: 'campaign',
      entityId: id,
      detail: { areaId: area.id, name: input.name, startsOn, endsOn, phases: input.phases, targets },
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
        ...toEffective(area, t),
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
