// The village's archive of signed pledges (村(居)留存联): the list for an area, one pledge, its printable copy.
//
// Rules, by example:
// - a village head lists their village: every effective pledge, newest first; a repeat signer's second pledge is
//   listed with duplicate: true (kept for the record, not counted).
// - a pledge corrected by a later record is replaced in the list by the correction.
// - a pledge of another village, or an id that does not exist: the same 403, so probing ids reveals nothing.
// - the PDF of a pledge whose signature image has not been uploaded yet prints 签名图片待上传.
import type { Readable } from 'node:stream'
import type { PledgeDetail, PledgeListResponse, PledgeSummary } from '@core/schemas/pledge-api'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { levelColumn, scopeColumn, type UserContext } from '../auth/user-context'
import type { Area } from './areas'
import { recordAudit } from './audit'
import { renderPledgePdf } from './pledge-pdf'
import { counted } from '../queries/counted-records'

function pledgeQuery(db: Db) {
  return db.kysely
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .leftJoin('pledge_templates as t', 't.id', 'p.template_id')
    .leftJoin('record_media as rm', 'rm.record_id', 'p.record_id')
    .leftJoin('media as m', 'm.sha256', 'rm.sha256')
    .where(counted('r'))
}

const SUMMARY_COLUMNS = [
  'p.record_id',
  'p.household_id',
  'h.doorplate',
  'p.signer_name',
  'p.signed_at',
  'p.verification_code',
  'p.duplicate_of',
  'rm.sha256 as signature_sha',
  'm.sha256 as uploaded_sha',
  'p.template_id',
  't.version as template_version',
] as const

type SummaryRow = {
  record_id: string
  household_id: string
  doorplate: string
  signer_name: string
  signed_at: number
  verification_code: string
  duplicate_of: string | null
  signature_sha: string | null
  uploaded_sha: string | null
  template_id: string
  template_version: number | null
}

function toSummary(r: SummaryRow): PledgeSummary {
  return {
    recordId: r.record_id,
    householdId: r.household_id,
    doorplate: r.doorplate,
    signerName: r.signer_name,
    signedAt: new Date(r.signed_at).toISOString(),
    verificationCode: r.verification_code,
    duplicate: r.duplicate_of !== null,
    duplicateOf: r.duplicate_of,
    signatureSha: r.signature_sha,
    signatureUploaded: r.uploaded_sha !== null,
    templateId: r.template_id,
    templateVersion: r.template_version,
  }
}

/** Effective pledges in an area the caller may see (checked by the caller with areaInScope). */
export async function listPledges(db: Db, area: Area, limit: number, offset: number): Promise<PledgeListResponse> {
  const col = `p.${levelColumn(area.level)}` as const
  const [rows, count] = await Promise.all([
    pledgeQuery(db)
      .select(SUMMARY_COLUMNS)
      .where(col, '=', area.id)
      .orderBy('p.signed_at', 'desc')
      .orderBy('p.record_id')
      .limit(limit)
      .offset(offset)
      .execute(),
    db.kysely
      .selectFrom('pledges as p')
      .innerJoin('records as r', 'r.id', 'p.record_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(col, '=', area.id)
      .where(counted('r'))
      .executeTakeFirstOrThrow(),
  ])
  return { total: Number(count.n), items: rows.map(toSummary) }
}

/** One pledge, with the exact text of the version signed, if it lies in the caller's scope. */
export async function getPledge(db: Db, user: UserContext, recordId: string): Promise<PledgeDetail> {
  const row = await db.kysely
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .innerJoin('pledge_templates as t', 't.id', 'p.template_id')
    .innerJoin('areas as v', 'v.id', 'p.village_id')
    .innerJoin('areas as tw', 'tw.id', 'p.town_id')
    .leftJoin('record_media as rm', 'rm.record_id', 'p.record_id')
    .leftJoin('media as m', 'm.sha256', 'rm.sha256')
    .select(SUMMARY_COLUMNS)
    .select(['p.grid_id', 'p.village_id', 'p.town_id', 'p.county_id', 'r.body', 't.title', 't.content', 'v.name as village_name', 'tw.name as town_name'])
    .where('p.record_id', '=', recordId)
    .executeTakeFirst()
  if (!row || row[scopeColumn(user)] !== user.areaId) throw new AppError('FORBIDDEN')
  const body = parseStoredRecord('pledge', row.body).body
  return {
    ...toSummary(row),
    title: row.title,
    content: row.content,
    templateHash: body.templateHash,
    channel: body.channel,
    villageName: row.village_name,
    townName: row.town_name,
  }
}

/** The village's printable copy, A4; the export is written to the audit trail. */
export async function exportPledgePdf(deps: { db: Db; blobs: BlobStore }, user: UserContext, recordId: string, now: number): Promise<{ pdf: Buffer; detail: PledgeDetail }> {
  const detail = await getPledge(deps.db, user, recordId)
  const signature = detail.signatureUploaded && detail.signatureSha ? await readBlob(deps.blobs, detail.signatureSha) : null
  const pdf = await renderPledgePdf({ pledge: detail, signature, exportedBy: user.name, exportedAt: now })
  await recordAudit(deps.db.kysely, {
    at: now,
    userId: user.id,
    action: 'pledge.export_pdf',
    entity: 'pledge',
    entityId: recordId,
    detail: { bytes: pdf.length, signaturePrinted: signature !== null },
  })
  return { pdf, detail }
}

async function readBlob(blobs: BlobStore, key: string): Promise<Buffer | null> {
  const stream: Readable | null = await blobs.get(key)
  if (!stream) return null
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(c as Buffer)
  return Buffer.concat(chunks)
}
