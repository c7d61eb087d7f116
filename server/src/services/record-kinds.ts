// What each record kind adds beyond the record itself: its own checks before storing, and the derived rows
// (pledges, hand-out items, media links) that dashboards read instead of parsing record bodies.
import type { Kysely, Selectable } from 'kysely'
import { APP_LAUNCH_DATE } from '@core/app-launch'
import { chinaDate } from '@core/china-time'
import { verificationCode } from '@core/hash'
import { signerKey } from '@core/schemas/pledge'
import { mediaOf, type FieldRecord } from '@core/schemas/record'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { ErrorCode } from '@core/errors'
import type { Database, HouseholdsTable, ResidentsTable } from '../db/schema'
import { checkRoster } from './roster-changes'
import { counted } from '../queries/counted-records'

export type ScopedHousehold = Pick<HouseholdsTable, 'id' | 'grid_id' | 'village_id' | 'town_id' | 'county_id' | 'deleted_at'>

export const RESIDENT_COLUMNS = ['id', 'household_id', 'name', 'deleted_at', 'installed_on', 'real_name_on', 'warning_on_on'] as const

export type ResidentRow = Pick<Selectable<ResidentsTable>, (typeof RESIDENT_COLUMNS)[number]>

/** A push's households' residents (removed ones too), read once: the rows, and their ids by household. */
export interface PushResidents {
  rows: ResidentRow[]
  ids: Map<string, Set<string>>
}

export async function pushResidents(trx: Kysely<Database>, householdIds: string[]): Promise<PushResidents> {
  const rows = householdIds.length ? await trx.selectFrom('residents').select(RESIDENT_COLUMNS).where('household_id', 'in', householdIds).execute() : []
  const ids = new Map(householdIds.map((h) => [h, new Set<string>()]))
  for (const r of rows) ids.get(r.household_id)?.add(r.id)
  return { rows, ids }
}

/**
 * A reason to refuse the record, or null when it may be stored. `known`: resident ids by household, read before
 * (pushResidents); a household not in it is looked up.
 */
export async function checkRecord(trx: Kysely<Database>, record: FieldRecord, known?: Map<string, Set<string>>): Promise<ErrorCode | null> {
  if (record.kind === 'roster') return checkRoster(trx, record)
  const residentIds = record.kind === 'visit' ? record.body.residentIds : record.body.residentId ? [record.body.residentId] : []
  if (!(await allOfHousehold(trx, residentIds, record.householdId, known?.get(record.householdId)))) return 'RESIDENT_NOT_FOUND'
  if (record.kind === 'install' && record.body.steps.some((s) => s.doneOn < APP_LAUNCH_DATE)) return 'INSTALL_DATE_BEFORE_APP'
  if (record.kind === 'pledge') {
    const t = await trx
      .selectFrom('pledge_templates')
      .select('id')
      .where('id', '=', record.body.templateId)
      .where('content_hash', '=', record.body.templateHash)
      .executeTakeFirst()
    return t ? null : 'TEMPLATE_UNKNOWN'
  }
  if (record.kind === 'handout') {
    const ids = record.body.items.map((i) => i.materialId)
    const found = await trx.selectFrom('materials').select(['id', 'needs_receipt']).where('id', 'in', ids).execute()
    if (found.length !== new Set(ids).size) return 'MATERIAL_UNKNOWN'
    if (found.some((m) => m.needs_receipt === 1) && !record.body.receiptSignatureSha) return 'RECEIPT_SIGNATURE_REQUIRED'
  }
  return null
}

/**
 * A record may name a file its author uploaded, or one already linked to the same household (a correction re-using its
 * photo). A sha nobody has uploaded yet is accepted: the phone sends a record before its files, and its author
 * uploads them next. Naming another's file would otherwise make it readable (and exported) in the namer's scope.
 */
export async function checkMediaOwner(trx: Kysely<Database>, record: FieldRecord, authorId: string): Promise<ErrorCode | null> {
  const shas = [...new Set(mediaOf(record))]
  if (shas.length === 0) return null
  const others = await trx.selectFrom('media').select('sha256').where('sha256', 'in', shas).where('uploaded_by', '<>', authorId).execute()
  if (others.length === 0) return null
  const linked = await trx
    .selectFrom('record_media')
    .select('sha256')
    .distinct()
    .where('sha256', 'in', others.map((m) => m.sha256))
    .where('household_id', '=', record.householdId)
    .execute()
  return linked.length === others.length ? null : 'MEDIA_NOT_YOURS'
}

async function allOfHousehold(trx: Kysely<Database>, residentIds: string[], householdId: string, known?: Set<string>): Promise<boolean> {
  const wanted = [...new Set(residentIds)]
  if (wanted.length === 0) return true
  if (known) return wanted.every((id) => known.has(id))
  const found = await trx.selectFrom('residents').select('id').where('id', 'in', wanted).where('household_id', '=', householdId).execute()
  return found.length === wanted.length
}

/** Writes the rows derived from a newly stored record. */
export async function projectRecord(trx: Kysely<Database>, record: FieldRecord, h: ScopedHousehold, campaignId: string | null): Promise<void> {
  const scope = { household_id: h.id, grid_id: h.grid_id, village_id: h.village_id, town_id: h.town_id, county_id: h.county_id }
  const shas = [...new Set(mediaOf(record))]
  if (shas.length) {
    await trx
      .insertInto('record_media')
      .values(shas.map((sha256) => ({ record_id: record.id, sha256, ...scope })))
      .onConflict((oc) => oc.columns(['record_id', 'sha256']).doNothing())
      .execute()
  }
  if (record.kind === 'pledge') await projectPledge(trx, record, scope, campaignId)
  if (record.kind === 'handout') await projectHandoutItems(trx, record.id, record.body, scope)
}

type Scope = { household_id: string; grid_id: string; village_id: string; town_id: string; county_id: string }
type HandoutBody = Extract<FieldRecord, { kind: 'handout' }>['body']

/** A hand-out's quantities per material, which the hand-out tallies sum; also put back when review undoes 不属实. */
export async function projectHandoutItems(trx: Kysely<Database>, recordId: string, body: HandoutBody, scope: Scope): Promise<void> {
  const receipt = body.receiptSignatureSha ? 1 : 0
  const byMaterial = new Map<string, number>()
  for (const i of body.items) byMaterial.set(i.materialId, (byMaterial.get(i.materialId) ?? 0) + i.quantity)
  const { household_id, grid_id, village_id, town_id, county_id } = scope
  await trx
    .insertInto('handout_items')
    .values([...byMaterial].map(([material_id, quantity]) => ({ record_id: recordId, material_id, quantity, receipt_signed: receipt, household_id, grid_id, village_id, town_id, county_id })))
    .onConflict((oc) => oc.columns(['record_id', 'material_id']).doNothing())
    .execute()
}

/** A repeat signature by the same person in the same campaign is kept, but points at the first and is not counted. */
async function projectPledge(trx: Kysely<Database>, record: Extract<FieldRecord, { kind: 'pledge' }>, scope: Scope, campaignId: string | null) {
  const key = signerKey(record.body)
  let earlier = trx
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select('p.record_id')
    .where('p.household_id', '=', scope.household_id)
    .where('p.signer_key', '=', key)
    .where('p.duplicate_of', 'is', null)
    .where(counted('r'))
  earlier = campaignId ? earlier.where('p.campaign_id', '=', campaignId) : earlier.where('p.campaign_id', 'is', null)
  const first = await earlier.orderBy('r.seq').executeTakeFirst()
  await trx
    .insertInto('pledges')
    .values({
      record_id: record.id,
      ...scope,
      campaign_id: campaignId,
      template_id: record.body.templateId,
      signer_key: key,
      signer_name: record.body.signerName,
      signed_at: Date.parse(record.body.signedAt),
      duplicate_of: first?.record_id ?? null,
      verification_code: verificationCode(record.id),
    })
    .onConflict((oc) => oc.column('record_id').doNothing())
    .execute()
}

/** A superseded record, or one found 不属实, stops counting: its hand-out quantities go. (Pledges and installs are recounted from records.) */
export async function retractRecord(trx: Kysely<Database>, recordId: string): Promise<void> {
  await trx.deleteFrom('handout_items').where('record_id', '=', recordId).execute()
}

/** Distinct counted signers per household, from effective pledge records. */
export async function pledgeCounts(trx: Kysely<Database>, householdIds: string[]): Promise<Map<string, number>> {
  const rows = await trx
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select(['p.household_id', 'p.signer_key'])
    .where('p.household_id', 'in', householdIds)
    .where(counted('r'))
    .execute()
  const keys = new Map<string, Set<string>>()
  for (const r of rows) keys.set(r.household_id, (keys.get(r.household_id) ?? new Set()).add(r.signer_key))
  return new Map([...keys].map(([h, s]) => [h, s.size]))
}

export type InstallDates = { installed_on: string | null; real_name_on: string | null; warning_on_on: string | null }

const STEP_COLUMN = { installed: 'installed_on', real_name: 'real_name_on', warning_on: 'warning_on_on' } as const

/**
 * Each resident's step dates from the effective install records (in seq order): the latest naming the step wins. A step dated after the China
 * day its record arrived was claimed before it happened: the record is kept (flagged 日期在未来 for review) but that
 * step does not count; the worker records it again, or corrects the date, once it is done.
 */
export function installDatesOf(rows: readonly { body: string; received_at: number }[]): Map<string, InstallDates> {
  const out = new Map<string, InstallDates>()
  for (const row of rows) {
    const body = parseStoredRecord('install', row.body).body
    const dates = out.get(body.residentId) ?? { installed_on: null, real_name_on: null, warning_on_on: null }
    const receivedOn = chinaDate(row.received_at)
    for (const s of body.steps) if (s.doneOn <= receivedOn) dates[STEP_COLUMN[s.step]] = s.doneOn
    out.set(body.residentId, dates)
  }
  return out
}

