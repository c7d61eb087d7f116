// 投诉建议: feedback sent by a signed-in user or by a resident through their signing link, the official's answer,
// and the limits on how often a link, an address or an account may send.
//
// Rules, by example:
// - the same id sent again with the same category and text: the stored item, nothing new; with another body: 409.
// - a resident's link may be used for feedback after it has signed, up to FEEDBACK_LINK_DAYS after it was made.
// - a town official sees and answers the items of their town; the county admin those of the whole county.
// - a resident's contact phone is shown in full to the county admin only, masked to everyone else.
// - a 查阅 / 更正 / 撤回 request names its pledge: a resident's link the one it signed (none before signing), a worker
//   one of their grid's (another's: 404); officials decide it in services/data-requests.ts.
import type { Kysely } from 'kysely'
import { FEEDBACK_STATUSES, type FeedbackCategory, type FeedbackStatus } from '@core/feedback'
import { DATA_REQUEST_DECISIONS, DATA_REQUEST_KINDS, type DataRequestDecision, type DataRequestKind } from '@core/data-request'
import type { FeedbackAnswer, FeedbackItem, FeedbackList, NewFeedback, NewPublicFeedback } from '@core/schemas/feedback'
import { maskPhone } from '@core/mask'
import { readSignLink, signLinkSignatureValid } from '@core/sign-link'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { scopeColumn, type UserContext } from '../auth/user-context'
import { areaInScope, type Area } from './areas'
import { recordAudit } from './audit'
import { allowRequest, type RequestLimit } from './request-window'

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** A resident may come back to the copy page with their link for this long to send or read feedback. */
export const FEEDBACK_LINK_DAYS = 90
/** A household has little to send more often; a shared village Wi-Fi carries several households. */
export const FEEDBACK_LIMITS = { perLink: 5, perClient: 30, perUser: 20, windowMs: HOUR } as const
const LIST_MAX = 200

/** What both kinds of sender send (a resident's contact phone and a worker's record id are kept in the Sender). */
type NewFeedbackBase = Omit<NewFeedback, 'recordId'>

interface Sender {
  userId: string | null
  linkNonce: string | null
  householdId: string | null
  contactPhone: string | null
  area: Area
  /** The pledge a 个人信息 request is about: the one a resident's link signed, or the one a worker names. */
  recordId: string | null
}

/** A signed-in user sends; their area places the item. */
export async function sendFeedback(db: Db, user: UserContext, body: NewFeedback, now: number): Promise<FeedbackItem> {
  await throttle(db, [{ key: `feedback:user:${user.id}`, limit: FEEDBACK_LIMITS.perUser, windowMs: FEEDBACK_LIMITS.windowMs }], now)
  const area = await areaInScope(db, user, user.areaId)
  const pledge = body.recordId === null ? null : await pledgeInScope(db.kysely, user, body.recordId)
  const sender: Sender = { userId: user.id, linkNonce: null, householdId: pledge?.household_id ?? null, contactPhone: null, area, recordId: pledge?.id ?? null }
  await store(db, sender, body, now, { ip: null })
  return itemFor(db, body.id, user)
}

/** A resident sends from the signing page; the link is the credential and places the item at the household. */
export async function sendPublicFeedback(db: Db, token: string, body: NewPublicFeedback, now: number, caller: { ip: string }): Promise<FeedbackItem> {
  const link = await openFeedbackLink(db.kysely, token, now)
  await throttle(
    db,
    [
      { key: `feedback:link:${link.nonce}`, limit: FEEDBACK_LIMITS.perLink, windowMs: FEEDBACK_LIMITS.windowMs },
      { key: `feedback:ip:${caller.ip}`, limit: FEEDBACK_LIMITS.perClient, windowMs: FEEDBACK_LIMITS.windowMs },
    ],
    now,
  )
  const signed = await db.kysely.selectFrom('sign_links').select('record_id').where('nonce', '=', link.nonce).executeTakeFirst()
  const sender: Sender = {
    userId: null,
    linkNonce: link.nonce,
    householdId: link.householdId,
    contactPhone: body.contactPhone,
    area: link.grid,
    recordId: signed?.record_id ?? null,
  }
  await store(db, sender, body, now, { ip: caller.ip })
  return itemFor(db, body.id, null)
}

export async function myFeedback(db: Db, user: UserContext): Promise<FeedbackList> {
  const rows = await itemSelect(db.kysely).where('f.user_id', '=', user.id).orderBy('f.created_at', 'desc').limit(LIST_MAX).execute()
  return { items: rows.map((r) => toItem(r, user)) }
}

export async function publicFeedbackList(db: Db, token: string, now: number): Promise<FeedbackList> {
  const link = await openFeedbackLink(db.kysely, token, now)
  const rows = await itemSelect(db.kysely).where('f.link_nonce', '=', link.nonce).orderBy('f.created_at', 'desc').limit(LIST_MAX).execute()
  return { items: rows.map((r) => toItem(r, null)) }
}

/** The items of a town or the county in the caller's scope, newest first; a read of residents' phones, so audited. */
export async function listFeedback(db: Db, user: UserContext, query: { areaId?: string; status?: FeedbackStatus }, now: number): Promise<FeedbackList> {
  const area = await areaInScope(db, user, query.areaId)
  const rows = await itemSelect(db.kysely)
    .where(area.level === 'county' ? 'f.county_id' : area.level === 'town' ? 'f.town_id' : 'f.area_id', '=', area.id)
    .$if(query.status !== undefined, (q) => q.where('f.status', '=', query.status!))
    .orderBy('f.created_at', 'desc')
    .limit(LIST_MAX)
    .execute()
  const items = rows.map((r) => toItem(r, user))
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'feedback.list',
    entity: 'area',
    entityId: area.id,
    detail: { status: query.status ?? null, items: items.length, withPhone: items.filter((i) => i.contactPhone).length },
  })
  return { items }
}

export async function answerFeedback(db: Db, user: UserContext, id: string, body: FeedbackAnswer, now: number): Promise<FeedbackItem> {
  const row = await db.kysely.selectFrom('feedback').select(['id', 'town_id', 'county_id', 'status', 'request_kind']).where('id', '=', id).executeTakeFirst()
  const inScope = row && (user.areaLevel === 'county' ? row.county_id === user.areaId : row.town_id === user.areaId)
  if (!row || !inScope) throw new AppError('FEEDBACK_NOT_FOUND')
  // A 查阅 / 更正 / 撤回 request is closed by its decision (data-requests.ts), so a withdrawal is never just answered.
  if (row.request_kind !== null && body.status === 'answered') throw new AppError('DATA_REQUEST_DECIDE_THERE')
  if (body.status === 'answered' && !body.answer) throw new AppError('FEEDBACK_ANSWER_REQUIRED')
  const answered = body.answer ? { answer: body.answer, answered_by: user.id, answered_at: now } : {}
  await db.kysely
    .updateTable('feedback')
    .set({ status: body.status, ...answered })
    .where('id', '=', id)
    .execute()
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'feedback.answer',
    entity: 'feedback',
    entityId: id,
    detail: { from: row.status, status: body.status, answered: Boolean(body.answer) },
  })
  return itemFor(db, id, user)
}

async function throttle(db: Db, limits: RequestLimit[], now: number): Promise<void> {
  if (!(await allowRequest(db, limits, now))) throw new AppError('FEEDBACK_RATE_LIMITED')
}

/** Inserts once per id; a resend with the same body is accepted, another body under the same id is refused. */
async function store(db: Db, sender: Sender, body: NewFeedbackBase, now: number, caller: { ip: string | null }): Promise<void> {
  // A request (查阅 / 更正 / 撤回) is 个人信息 by nature, whatever category was picked.
  const request = body.request
  const category = request ? 'personal_info' : body.category
  const area = sender.area
  const inserted = await db.kysely
    .insertInto('feedback')
    .values({
      id: body.id,
      user_id: sender.userId,
      link_nonce: sender.linkNonce,
      household_id: sender.householdId,
      contact_phone: sender.contactPhone,
      area_id: area.id,
      town_id: area.level === 'town' ? area.id : area.town_id,
      county_id: area.level === 'county' ? area.id : area.county_id,
      category,
      text: body.text,
      request_kind: request,
      record_id: request ? sender.recordId : null,
      status: 'pending',
      answer: null,
      answered_by: null,
      answered_at: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst()
  if (!inserted) {
    const prev = await db.kysely.selectFrom('feedback').selectAll().where('id', '=', body.id).executeTakeFirstOrThrow()
    const same =
      prev.user_id === sender.userId && prev.link_nonce === sender.linkNonce && prev.category === category && prev.text === body.text && prev.request_kind === request
    if (!same) throw new AppError('FEEDBACK_CONFLICT')
    return
  }
  await recordAudit(db.kysely, {
    at: now,
    userId: sender.userId,
    action: 'feedback.create',
    entity: 'feedback',
    entityId: body.id,
    detail: { category, request, record: request ? sender.recordId : null, via: sender.userId ? 'app' : 'sign_link', household: sender.householdId, ip: caller.ip },
  })
}

/**
 * Signature, issuer, age and household: like the signing page, but a link that has signed still opens (the
 * copy page is where the resident sends from) and for longer. Any failure reads the same.
 */
async function openFeedbackLink(db: Kysely<Database>, token: string, now: number): Promise<{ nonce: string; householdId: string; grid: Area }> {
  const p = readSignLink(token)
  if (!p) throw new AppError('FEEDBACK_LINK_INVALID')
  const issuer = await db.selectFrom('users').select(['role', 'area_id', 'link_key']).where('id', '=', p.u).executeTakeFirst()
  if (!issuer?.link_key || issuer.role !== 'worker' || !signLinkSignatureValid(token, issuer.link_key)) throw new AppError('FEEDBACK_LINK_INVALID')
  if (now > p.iat + FEEDBACK_LINK_DAYS * DAY || p.iat > now + DAY) throw new AppError('FEEDBACK_LINK_INVALID')
  const household = await db.selectFrom('households').select(['id', 'grid_id', 'deleted_at']).where('id', '=', p.h).executeTakeFirst()
  if (!household || household.deleted_at !== null || household.grid_id !== issuer.area_id) throw new AppError('FEEDBACK_LINK_INVALID')
  const grid = await db.selectFrom('areas').select(['id', 'level', 'parent_id', 'name', 'county_id', 'town_id', 'village_id', 'sort']).where('id', '=', household.grid_id).executeTakeFirstOrThrow()
  return { nonce: p.n, householdId: household.id, grid }
}

export function itemSelect(db: Kysely<Database>) {
  return db
    .selectFrom('feedback as f')
    .innerJoin('areas as a', 'a.id', 'f.area_id')
    .leftJoin('users as sender', 'sender.id', 'f.user_id')
    .leftJoin('users as answerer', 'answerer.id', 'f.answered_by')
    .leftJoin('households as h', 'h.id', 'f.household_id')
    .select([
      'f.id',
      'f.category',
      'f.text',
      'f.status',
      'f.contact_phone',
      'f.answer',
      'f.answered_at',
      'f.created_at',
      'f.request_kind',
      'f.decision',
      'a.name as area_name',
      'sender.name as sender_name',
      'answerer.name as answerer_name',
      'h.doorplate',
    ])
}

export type ItemRow = Awaited<ReturnType<ReturnType<typeof itemSelect>['executeTakeFirstOrThrow']>>

async function itemFor(db: Db, id: string, viewer: UserContext | null): Promise<FeedbackItem> {
  return toItem(await itemSelect(db.kysely).where('f.id', '=', id).executeTakeFirstOrThrow(), viewer)
}

/** `viewer` null: the resident, who sees their own item with the phone masked like everyone but the county admin. */
export function toItem(r: ItemRow, viewer: UserContext | null): FeedbackItem {
  const fullPhone = viewer?.role === 'county_admin'
  return {
    id: r.id,
    category: r.category as FeedbackCategory,
    text: r.text,
    status: FEEDBACK_STATUSES.includes(r.status as FeedbackStatus) ? (r.status as FeedbackStatus) : 'pending',
    fromName: r.sender_name ?? '居民',
    doorplate: r.doorplate ?? null,
    areaName: r.area_name,
    contactPhone: r.contact_phone ? (fullPhone ? r.contact_phone : maskPhone(r.contact_phone)) : null,
    answer: r.answer,
    answeredBy: r.answerer_name ?? null,
    answeredAt: r.answered_at === null ? null : Number(r.answered_at),
    createdAt: Number(r.created_at),
    request: DATA_REQUEST_KINDS.includes(r.request_kind as DataRequestKind) ? (r.request_kind as DataRequestKind) : null,
    decision: DATA_REQUEST_DECISIONS.includes(r.decision as DataRequestDecision) ? (r.decision as DataRequestDecision) : null,
  }
}

/** A pledge record the user may name in a request: one of a household in their area. */
async function pledgeInScope(db: Kysely<Database>, user: UserContext, recordId: string): Promise<{ id: string; household_id: string }> {
  const row = await db
    .selectFrom('records')
    .select(['id', 'household_id'])
    .where('id', '=', recordId)
    .where('kind', '=', 'pledge')
    .where(scopeColumn(user), '=', user.areaId)
    .executeTakeFirst()
  if (!row) throw new AppError('DATA_REQUEST_RECORD_NOT_FOUND')
  return row
}
