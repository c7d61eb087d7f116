// Residents' rights (PIPL): the 个人信息 requests (查阅 / 更正 / 撤回) that came in as feedback, listed for the village
// head, town official or county admin of the resident's area, and decided there.
//
// Rules, by example:
// - 撤回 granted: the pledge (and any correction of it) is marked withdrawn and stops counting at once (counted-records.ts),
//   the household's pledge count and its grid's tallies are recounted in the same transaction; the signer's name
//   becomes 已清除 and the signature image is deleted (the file itself once no other record names it).
// - 更正 granted: the signer's name of the pledge in force is replaced (its signer key too, so one signer stays one).
// - 查阅, or a refusal: answered with text only. Each request is decided once (again: 409 DATA_REQUEST_DECIDED).
// - every list (names and doorplates of residents) and every decision is in the audit log.
import { sql, type Kysely } from 'kysely'
import { ERASED_TEXT, type DataRequestDecision } from '@core/data-request'
import { verificationCode } from '@core/hash'
import type { DataRequest, DataRequestDecisionBody, DataRequestList } from '@core/schemas/feedback'
import { signerKey } from '@core/schemas/pledge'
import { canonicalJson } from '@core/schemas/record'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import type { UserContext } from '../auth/user-context'
import { areaInScope, isWithin, type Area } from './areas'
import { recordAudit } from './audit'
import { itemSelect, toItem, type ItemRow } from './feedback'
import { refreshGridTallies } from './grid-tallies'
import { refreshHouseholdSummaries } from './ingest'

const LIST_MAX = 200

export async function listDataRequests(db: Db, user: UserContext, query: { areaId?: string; open: 'true' | 'false' }, now: number): Promise<DataRequestList> {
  const area = await areaInScope(db, user, query.areaId)
  const rows = await itemSelect(db.kysely)
    .select(['f.record_id'])
    .where('f.request_kind', 'is not', null)
    .where(inArea(area))
    .$if(query.open === 'true', (q) => q.where('f.decision', 'is', null))
    .orderBy('f.created_at', 'desc')
    .limit(LIST_MAX)
    .execute()
  const items = await Promise.all(rows.map((r) => withPledge(db.kysely, r, user)))
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'data_request.list',
    entity: 'area',
    entityId: area.id,
    detail: { open: query.open === 'true', items: items.length },
  })
  return { items }
}

export async function decideDataRequest(
  deps: { db: Db; blobs: BlobStore },
  user: UserContext,
  id: string,
  body: DataRequestDecisionBody,
  now: number,
): Promise<DataRequest> {
  const { db } = deps
  const erased = await db.kysely.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('feedback as f')
      .innerJoin('areas as a', 'a.id', 'f.area_id')
      .select(['f.id', 'f.request_kind', 'f.record_id', 'f.decision', 'a.id as area_id', 'a.level', 'a.county_id', 'a.town_id', 'a.village_id'])
      .where('f.id', '=', id)
      .executeTakeFirst()
    const area = row && { id: row.area_id, level: row.level, county_id: row.county_id, town_id: row.town_id, village_id: row.village_id }
    if (!row || row.request_kind === null || !isWithin(area as Area, user.areaId, user.areaLevel)) throw new AppError('DATA_REQUEST_NOT_FOUND')
    if (row.decision !== null) throw new AppError('DATA_REQUEST_DECIDED')
    if (body.decision !== 'answered' && row.record_id === null) throw new AppError('DATA_REQUEST_NO_PLEDGE')
    let shas: string[] = []
    if (body.decision === 'withdrawn') shas = await withdrawPledge(trx, row.record_id!, now)
    if (body.decision === 'corrected') {
      if (!body.signerName) throw new AppError('DATA_REQUEST_NAME_REQUIRED')
      await correctSigner(trx, row.record_id!, body.signerName)
    }
    await trx
      .updateTable('feedback')
      .set({ status: 'answered', answer: body.answer, answered_by: user.id, answered_at: now, decision: body.decision })
      .where('id', '=', id)
      .execute()
    await recordAudit(trx, {
      at: now,
      userId: user.id,
      action: `data_request.${body.decision === 'withdrawn' ? 'withdraw' : body.decision === 'corrected' ? 'correct' : 'answer'}`,
      entity: 'feedback',
      entityId: id,
      detail: { request: row.request_kind, record: row.record_id, decision: body.decision satisfies DataRequestDecision, imagesErased: shas.length },
    })
    return shas
  })
  // Files go after the commit: a rollback never leaves a record naming a deleted file.
  for (const sha of erased) await deps.blobs.remove(sha)
  const row = await itemSelect(db.kysely).select(['f.record_id']).where('f.id', '=', id).executeTakeFirstOrThrow()
  return withPledge(db.kysely, row, user)
}

/** Requests sent from within `area`: by the area of the sender (a resident's: their household's grid). */
function inArea(area: Area) {
  return sql<boolean>`${sql.ref(area.level === 'county' ? 'f.county_id' : area.level === 'town' ? 'f.town_id' : 'a.village_id')} = ${area.id} or f.area_id = ${area.id}`
}

async function withPledge(db: Kysely<Database>, row: ItemRow & { record_id: string | null }, viewer: UserContext): Promise<DataRequest> {
  const item = toItem(row, viewer)
  if (!row.record_id) return { item, pledge: null }
  const chain = await pledgeChain(db, row.record_id)
  const current = chain[chain.length - 1]
  const p = await db
    .selectFrom('pledges as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select(['p.signer_name', 'p.signed_at', 'h.doorplate'])
    .where('p.record_id', '=', current.id)
    .executeTakeFirst()
  if (!p) return { item, pledge: null }
  return {
    item,
    pledge: {
      recordId: row.record_id,
      signerName: p.signer_name,
      signedAt: Number(p.signed_at),
      doorplate: p.doorplate,
      verificationCode: verificationCode(row.record_id),
      withdrawn: current.withdrawn_at !== null,
    },
  }
}

/** The pledge named and every correction after it, oldest first; the last is the one in force. */
async function pledgeChain(db: Kysely<Database>, recordId: string) {
  const chain: { id: string; body: string; household_id: string; grid_id: string; superseded_by: string | null; withdrawn_at: number | null }[] = []
  let next: string | null = recordId
  while (next && chain.length < 50) {
    const r = await db
      .selectFrom('records')
      .select(['id', 'body', 'household_id', 'grid_id', 'superseded_by', 'withdrawn_at'])
      .where('id', '=', next)
      .where('kind', '=', 'pledge')
      .executeTakeFirst()
    if (!r) break
    chain.push(r)
    next = r.superseded_by
  }
  if (chain.length === 0) throw new AppError('DATA_REQUEST_NO_PLEDGE')
  return chain
}

/** Marks the chain withdrawn, erases names and signatures, recounts; returns the files no record names any more. */
async function withdrawPledge(trx: Kysely<Database>, recordId: string, now: number): Promise<string[]> {
  const chain = await pledgeChain(trx, recordId)
  const shas = new Set<string>()
  for (const r of chain) {
    const record = parseStoredRecord('pledge', r.body)
    shas.add(record.body.signatureSha)
    await trx
      .updateTable('records')
      .set({ withdrawn_at: now, body: storedWith(r.body, { signerName: ERASED_TEXT }) })
      .where('id', '=', r.id)
      .execute()
    // The signer key is made from the name: it goes too, and the withdrawn pledge matches no other signer.
    await trx.updateTable('pledges').set({ signer_name: ERASED_TEXT, signer_key: `x:${r.id}` }).where('record_id', '=', r.id).execute()
    await trx.deleteFrom('record_media').where('record_id', '=', r.id).execute()
  }
  await refreshHouseholdSummaries(trx, [chain[0].household_id])
  await refreshGridTallies(trx, new Set(chain.map((r) => r.grid_id)))
  const gone: string[] = []
  for (const sha of shas) {
    const still = await trx.selectFrom('record_media').select('sha256').where('sha256', '=', sha).limit(1).executeTakeFirst()
    if (still) continue
    await trx.deleteFrom('media').where('sha256', '=', sha).execute()
    gone.push(sha)
  }
  return gone
}

/** The signer's name of the pledge in force, and its key, as the official corrected it. */
async function correctSigner(trx: Kysely<Database>, recordId: string, signerName: string): Promise<void> {
  const chain = await pledgeChain(trx, recordId)
  const current = chain[chain.length - 1]
  if (current.withdrawn_at !== null) throw new AppError('DATA_REQUEST_DECIDED')
  const body = parseStoredRecord('pledge', current.body).body
  await trx.updateTable('records').set({ body: storedWith(current.body, { signerName }) }).where('id', '=', current.id).execute()
  await trx
    .updateTable('pledges')
    .set({ signer_name: signerName, signer_key: signerKey({ residentId: body.residentId, signerName }) })
    .where('record_id', '=', current.id)
    .execute()
  await refreshHouseholdSummaries(trx, [current.household_id])
  await refreshGridTallies(trx, [current.grid_id])
}

/**
 * The stored record (canonical JSON) with fields of its body replaced. Its body_hash stays that of what the phone
 * sent: a resend of the original is still recognised as the same record, not a conflicting version.
 */
export function storedWith(stored: string, fields: Record<string, unknown>): string {
  const record = JSON.parse(stored) as { body: Record<string, unknown> }
  return canonicalJson({ ...record, body: { ...record.body, ...fields } })
}
