// Retention purge (PIPL): RETENTION_DAYS after a campaign ends, its records' personal fields and evidence images are
// deleted, and once every campaign of a county is past that point, its residents' names and phones too. Figures are
// made of ids, dates, outcomes, steps and birth years, none of which is touched, so every dashboard figure, ranking and
// monthly report for past periods reads the same after a purge.
//
// Rules, by example (RETENTION_DAYS = 180):
// - a campaign that ended 2026-12-31: due on 2027-06-30 (China date); a purge on that day or later takes it.
// - its records keep their kind, household, dates, outcome and install steps; signerName / recipientName / a roster
//   change's name and headName become 已清除, phone null, notes '' and a visit's location null; every photo,
//   screenshot and signature they name is deleted from the blob store unless a record of a campaign not yet due
//   names the same file.
// - a signer key made from a name (`n:…`) is replaced by a keyed hash of it with a key made for the run and then
//   forgotten: signers who were one stay one (pledge counts unchanged), the name cannot be read back.
// - a county with an open-ended campaign, or one not yet due, keeps its register; otherwise residents' names and
//   households' 户主 become 已清除, phones null, and residents' call-back phones on feedback are cleared.
// - a dry run answers the same plan and changes nothing; a campaign purged is marked (campaigns.purged_at) and
//   never planned again.
import { createHmac, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { chinaDate } from '@core/china-time'
import { ERASED_TEXT } from '@core/data-request'
import { mediaOf, type RecordKind } from '@core/schemas/record'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { BlobStore } from '../blob/blob-store'
import { allocateRevs, type Db } from '../db/database'
import type { Database } from '../db/schema'
import { recordAudit } from './audit'
import { storedWith } from './data-requests'

const BATCH = 500

export interface PurgePlan {
  /** China date of the run. */
  today: string
  retentionDays: number
  campaigns: { id: string; name: string; areaId: string; endsOn: string; dueOn: string }[]
  /** Records whose personal fields go. */
  records: number
  /** Image files deleted from the blob store. */
  images: string[]
  /** Counties whose residents' names and phones go, with how many residents and households still carry them. */
  counties: { id: string; residents: number; households: number }[]
}

/** `date` (YYYY-MM-DD) plus `days`, as a date. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000
  return new Date(t).toISOString().slice(0, 10)
}

/** What a purge at `now` would delete. */
export async function planPurge(db: Db, now: number, retentionDays: number): Promise<PurgePlan> {
  const k = db.kysely
  const today = chinaDate(now)
  const all = await k
    .selectFrom('campaigns as c')
    .innerJoin('areas as a', 'a.id', 'c.area_id')
    .select(['c.id', 'c.name', 'c.area_id', 'c.ends_on', 'c.purged_at', 'a.county_id'])
    .execute()
  const isDue = (c: (typeof all)[number]) => c.ends_on !== null && addDays(c.ends_on, retentionDays) <= today
  const due = all.filter((c) => c.purged_at === null && isDue(c))
  const dueIds = due.map((c) => c.id)

  const records = dueIds.length === 0 ? [] : await k.selectFrom('records').select(['id', 'kind', 'body']).where('campaign_id', 'in', dueIds).execute()
  const candidates = new Set<string>()
  for (const r of records) for (const sha of mediaOf(parseStoredRecord(r.kind as RecordKind, r.body))) candidates.add(sha)
  const images: string[] = []
  const dueOrPurged = all.filter(isDue).map((c) => c.id)
  for (const sha of candidates) {
    // A file another record still needs (no campaign, or one not yet due) stays.
    const kept = await k
      .selectFrom('record_media as m')
      .innerJoin('records as r', 'r.id', 'm.record_id')
      .select('m.sha256')
      .where('m.sha256', '=', sha)
      .where((eb) => eb.or([eb('r.campaign_id', 'is', null), eb('r.campaign_id', 'not in', dueOrPurged)]))
      .limit(1)
      .executeTakeFirst()
    const stored = await k.selectFrom('media').select('sha256').where('sha256', '=', sha).executeTakeFirst()
    if (!kept && stored) images.push(sha)
  }
  images.sort()

  const counties: PurgePlan['counties'] = []
  for (const countyId of [...new Set(all.map((c) => c.county_id))].sort()) {
    if (!all.filter((c) => c.county_id === countyId).every(isDue)) continue
    const residents = await k
      .selectFrom('residents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_id', '=', countyId)
      .where((eb) => eb.or([eb('name', '<>', ERASED_TEXT), eb('phone', 'is not', null)]))
      .executeTakeFirstOrThrow()
    const households = await k
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('county_id', '=', countyId)
      .where('head_name', '<>', ERASED_TEXT)
      .executeTakeFirstOrThrow()
    if (Number(residents.n) + Number(households.n) > 0) counties.push({ id: countyId, residents: Number(residents.n), households: Number(households.n) })
  }
  return {
    today,
    retentionDays,
    campaigns: due.map((c) => ({ id: c.id, name: c.name, areaId: c.area_id, endsOn: c.ends_on!, dueOn: addDays(c.ends_on!, retentionDays) })),
    records: records.length,
    images,
    counties,
  }
}

/** Runs the purge (or, with dryRun, only plans it); the run is in the audit log either way. */
export async function purgeExpired(deps: { db: Db; blobs: BlobStore }, now: number, retentionDays: number, opts: { dryRun: boolean; userId?: string | null }): Promise<PurgePlan> {
  const { db } = deps
  const plan = await planPurge(db, now, retentionDays)
  if (!opts.dryRun) {
    const secret = randomBytes(32)
    await db.kysely.transaction().execute(async (trx) => {
      for (const c of plan.campaigns) await eraseCampaign(trx, c.id, secret, now)
      for (const sha of plan.images) {
        await trx.deleteFrom('record_media').where('sha256', '=', sha).execute()
        await trx.deleteFrom('media').where('sha256', '=', sha).execute()
      }
      for (const c of plan.counties) await eraseRegister(trx, c.id)
    })
    // Files go after the commit: a rollback never leaves a record naming a file that is gone.
    for (const sha of plan.images) await deps.blobs.remove(sha)
  }
  await recordAudit(db.kysely, {
    at: now,
    userId: opts.userId ?? null,
    action: opts.dryRun ? 'retention.plan' : 'retention.purge',
    entity: 'retention',
    entityId: null,
    detail: {
      retentionDays,
      campaigns: plan.campaigns.map((c) => c.id),
      records: plan.records,
      images: plan.images.length,
      counties: plan.counties,
    },
  })
  return plan
}

/** The plan in plain Chinese lines, for the command line. */
export function formatPurgePlan(plan: PurgePlan, applied: boolean): string {
  const lines = [`${applied ? '已清除' : '试运行（未删除任何数据，加 --apply 执行）'}：${plan.today}，活动结束后保留 ${plan.retentionDays} 天`]
  if (plan.campaigns.length === 0 && plan.counties.length === 0 && plan.images.length === 0) lines.push('没有到期的个人信息')
  for (const c of plan.campaigns) lines.push(`宣传行动「${c.name}」（${c.id}）：${c.endsOn} 结束，${c.dueOn} 到期`)
  lines.push(`记录中的姓名、电话、备注、位置：${plan.records} 条记录`)
  lines.push(`图片（照片、截图、签名）：${plan.images.length} 个`)
  for (const sha of plan.images) lines.push(`  ${sha}`)
  for (const c of plan.counties) lines.push(`县 ${c.id} 名册：${c.residents} 名居民的姓名和电话、${c.households} 户的户主姓名`)
  return lines.join('\n')
}

async function eraseCampaign(trx: Kysely<Database>, campaignId: string, secret: Buffer, now: number): Promise<void> {
  let after = 0
  for (;;) {
    const rows = await trx
      .selectFrom('records')
      .select(['seq', 'id', 'body'])
      .where('campaign_id', '=', campaignId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(BATCH)
      .execute()
    if (rows.length === 0) break
    after = Number(rows[rows.length - 1].seq)
    for (const r of rows) {
      const body = (JSON.parse(r.body) as { body: Record<string, unknown> }).body
      const fields = personalFields(body)
      if (Object.keys(fields).length > 0) await trx.updateTable('records').set({ body: storedWith(r.body, fields) }).where('id', '=', r.id).execute()
      const conflicts = await trx.selectFrom('record_conflicts').select(['seq', 'body']).where('record_id', '=', r.id).execute()
      for (const c of conflicts) {
        const cf = personalFields((JSON.parse(c.body) as { body: Record<string, unknown> }).body)
        if (Object.keys(cf).length > 0) await trx.updateTable('record_conflicts').set({ body: storedWith(c.body, cf) }).where('seq', '=', c.seq).execute()
      }
    }
    const pledges = await trx
      .selectFrom('pledges')
      .select(['record_id', 'signer_key'])
      .where('record_id', 'in', rows.map((r) => r.id))
      .execute()
    for (const p of pledges) {
      const key = p.signer_key.startsWith('n:') ? `h:${createHmac('sha256', secret).update(p.signer_key).digest('hex').slice(0, 32)}` : p.signer_key
      await trx.updateTable('pledges').set({ signer_name: ERASED_TEXT, signer_key: key }).where('record_id', '=', p.record_id).execute()
    }
  }
  await trx.updateTable('campaigns').set({ purged_at: now }).where('id', '=', campaignId).execute()
}

/** The replacements for a record body's personal fields (names, phones, free notes, a visit's place). */
function personalFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of ['signerName', 'recipientName', 'name', 'headName']) {
    if (typeof body[key] === 'string' && body[key] !== '' && body[key] !== ERASED_TEXT) out[key] = ERASED_TEXT
  }
  if (typeof body.phone === 'string') out.phone = null
  if (typeof body.notes === 'string' && body.notes !== '') out.notes = ''
  if (body.location !== undefined && body.location !== null) out.location = null
  return out
}

/** Names and phones of a county's register; each row gets a new change number, so phones pull the erased values. */
async function eraseRegister(trx: Kysely<Database>, countyId: string): Promise<void> {
  for (;;) {
    const ids = await trx
      .selectFrom('residents')
      .select('id')
      .where('county_id', '=', countyId)
      .where((eb) => eb.or([eb('name', '<>', ERASED_TEXT), eb('phone', 'is not', null)]))
      .limit(BATCH)
      .execute()
    if (ids.length === 0) break
    let rev = await allocateRevs(trx, ids.length)
    for (const { id } of ids) await trx.updateTable('residents').set({ name: ERASED_TEXT, phone: null, rev: rev++ }).where('id', '=', id).execute()
  }
  for (;;) {
    const ids = await trx.selectFrom('households').select('id').where('county_id', '=', countyId).where('head_name', '<>', ERASED_TEXT).limit(BATCH).execute()
    if (ids.length === 0) break
    let rev = await allocateRevs(trx, ids.length)
    for (const { id } of ids) await trx.updateTable('households').set({ head_name: ERASED_TEXT, rev: rev++ }).where('id', '=', id).execute()
  }
  await trx.updateTable('feedback').set({ contact_phone: null }).where('county_id', '=', countyId).execute()
}
