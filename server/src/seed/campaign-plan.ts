// Seeds the demo campaign's plan: its three phases and the county's dated targets ([001 篇十四] 40% by Q1, 80% by H1).
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

const PHASES = [
  { name: '筹划准备', starts_on: '2026-11-01', ends_on: '2026-11-15' },
  { name: '集中宣传', starts_on: '2026-11-16', ends_on: '2027-03-31' },
  { name: '评估考核', starts_on: '2027-04-01', ends_on: '2027-06-30' },
]

const TARGETS = [
  { indicator: 'visit_coverage', target_pct: 100, deadline: '2027-03-31' },
  { indicator: 'pledge_households', target_pct: 95, deadline: '2027-03-31' },
  ...['installed', 'real_name', 'warning_on'].flatMap((indicator) => [
    { indicator, target_pct: 40, deadline: '2027-03-31' },
    { indicator, target_pct: 80, deadline: '2027-06-30' },
  ]),
]

/** Idempotent: a second run leaves the rows as they are. */
export async function seedCampaignPlan(db: Kysely<Database>, campaignId: string, countyId: string, now: number): Promise<void> {
  await db
    .insertInto('campaign_phases')
    .values(PHASES.map((p, i) => ({ ...p, campaign_id: campaignId, sort: i + 1 })))
    .onConflict((oc) => oc.columns(['campaign_id', 'sort']).doNothing())
    .execute()
  await db
    .insertInto('targets')
    .values(
      TARGETS.map((t) => ({
        id: `tgt-${countyId}-${t.indicator}-${t.deadline}`,
        campaign_id: campaignId,
        area_id: countyId,
        ...t,
        updated_by: null,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['campaign_id', 'area_id', 'indicator', 'deadline']).doNothing())
    .execute()
}
