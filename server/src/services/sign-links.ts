// Resident signing links (居民自签): the worker's link key, and the public page that opens and signs a link.
//
// Rules, by example:
// - a link the worker made offline 3 days ago with their key: opens, shows the pledge text and the doorplate only.
// - a link whose payload was altered, or signed with another key: 404 SIGN_LINK_INVALID (as if it never existed).
// - a link past its expiry, or issued more than a day "in the future" by a phone clock gone wrong: 410 SIGN_LINK_EXPIRED.
// - a second signature on the same link, even a double tap racing the first: 410 SIGN_LINK_USED, one pledge stored.
// - the household left the worker's grid or was deleted, or the template version is unknown: 404 SIGN_LINK_INVALID.
// The pledge is stored through the same ingest as a worker's push, as the issuing worker, so it reaches the
// worker's list and the village's archive at the next sync like any other record.
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { base64ToBytes } from '@core/base64'
import { verificationCode } from '@core/hash'
import { uuidv7 } from '@core/ids'
import { PUBLIC_SIGNATURE_MAX_BYTES, type PublicSignRequest, type PublicSignResult, type PublicSignView } from '@core/schemas/pledge-api'
import type { FieldRecordInput } from '@core/schemas/record'
import { SIGN_LINK_MAX_AGE_MS, readSignLink, signLinkSignatureValid, type SignLinkPayload } from '@core/sign-link'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { randomToken } from '../auth/secrets'
import { scopeColumn, userContextOf, type UserContext } from '../auth/user-context'
import { recordAudit } from './audit'
import { ingestRecords } from './ingest'
import { saveMediaBytes } from './media'
import { templateVersion } from './templates'

const DAY = 86_400_000
/** A phone clock may run a little fast; a link "issued" further ahead than this is refused. */
const MAX_CLOCK_AHEAD = DAY

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Where the request came from, for the audit trail of anonymous requests. */
export interface Caller {
  ip: string
}

interface OpenLink {
  payload: SignLinkPayload
  issuer: UserContext
  household: { id: string; doorplate: string }
  template: { id: string; title: string; content: string; content_hash: string }
  expiresAt: number
}

/** The worker's key for signing links offline; made on first request. Only grid workers issue links. */
export async function issueLinkKey(db: Db, user: UserContext, now: number): Promise<string> {
  const fresh = randomToken()
  // Two first requests at once both end up with whichever key was written first.
  await db.kysely.updateTable('users').set({ link_key: fresh }).where('id', '=', user.id).where('link_key', 'is', null).execute()
  const row = await db.kysely.selectFrom('users').select('link_key').where('id', '=', user.id).executeTakeFirstOrThrow()
  await recordAudit(db.kysely, {
    at: now,
    userId: user.id,
    action: 'link_key.fetch',
    entity: 'user',
    entityId: user.id,
    detail: { created: row.link_key === fresh },
  })
  return row.link_key!
}

/** The pledge and doorplate for the resident's page, and how long their data is kept (个人信息告知). */
export async function viewSignLink(db: Db, token: string, now: number, caller: Caller, retentionDays: number): Promise<PublicSignView> {
  return audited(db, token, now, caller, 'sign_link.view', async () => {
    const link = await openLink(db.kysely, token, now)
    const view = {
      title: link.template.title,
      content: link.template.content,
      doorplate: link.household.doorplate,
      expiresAt: new Date(link.expiresAt).toISOString(),
      retentionDays,
    }
    return { result: view, recordId: null }
  })
}

/** Stores the resident's signed pledge once, and hands back the resident's copy. */
export async function signByLink(
  deps: { db: Db; blobs: BlobStore },
  token: string,
  input: PublicSignRequest,
  now: number,
  caller: Caller,
): Promise<PublicSignResult> {
  const { db } = deps
  return audited(db, token, now, caller, 'sign_link.sign', async () => {
    const link = await openLink(db.kysely, token, now)
    const png = decodeSignature(input.signaturePng)
    const media = await saveMediaBytes(deps, png, link.issuer.id, now)
    const at = new Date(now).toISOString()
    const record: FieldRecordInput = {
      id: uuidv7(now, (n) => new Uint8Array(randomBytes(n))),
      kind: 'pledge',
      householdId: link.household.id,
      replaces: null,
      deviceId: 'resident-link',
      createdAt: at,
      body: {
        templateId: link.template.id,
        templateHash: link.template.content_hash,
        signerName: input.signerName,
        residentId: null,
        signatureSha: media.sha256,
        signedAt: at,
        channel: 'resident_link',
      },
    }
    await claimNonce(db.kysely, link, record.id, now)
    try {
      const [stored] = await ingestRecords(db, link.issuer, [record], now)
      if (stored.status !== 'stored') throw new AppError('SIGN_LINK_INVALID', undefined, { ingest: stored.code })
    } catch (err) {
      // Nothing was stored: the link stays usable, so the resident can try again.
      await db.kysely.deleteFrom('sign_links').where('nonce', '=', link.payload.n).where('record_id', '=', record.id).execute()
      throw err
    }
    const copy = {
      verificationCode: verificationCode(record.id),
      signedAt: at,
      title: link.template.title,
      content: link.template.content,
      doorplate: link.household.doorplate,
      signerName: input.signerName,
    }
    return { result: copy, recordId: record.id }
  })
}

/** Runs `fn` and writes the outcome, done or refused (with its code), to the audit trail. */
async function audited<T>(
  db: Db,
  token: string,
  now: number,
  caller: Caller,
  action: string,
  fn: () => Promise<{ result: T; recordId: string | null }>,
): Promise<T> {
  // Before the signature is checked these are only claims; they are cut short so a forged token cannot flood the log.
  const p = readSignLink(token)
  const claim = (v: string | undefined) => (v === undefined ? null : v.slice(0, 64))
  const base = { at: now, userId: null, entity: 'sign_link', entityId: claim(p?.n) }
  const detail = { ip: caller.ip, issuer: claim(p?.u), household: claim(p?.h) }
  try {
    const { result, recordId } = await fn()
    await recordAudit(db.kysely, { ...base, action, detail: { ...detail, recordId } })
    return result
  } catch (err) {
    const code = err instanceof AppError ? err.code : 'INTERNAL'
    await recordAudit(db.kysely, { ...base, action: `${action}.refused`, detail: { ...detail, code } })
    throw err
  }
}

/** Checks signature, lifetime, use, household and template, in that order. */
async function openLink(db: Kysely<Database>, token: string, now: number): Promise<OpenLink> {
  const payload = readSignLink(token)
  if (!payload) throw new AppError('SIGN_LINK_INVALID')
  const issuer = await issuerOf(db, payload.u)
  if (!issuer?.linkKey || issuer.user.role !== 'worker' || !signLinkSignatureValid(token, issuer.linkKey)) {
    throw new AppError('SIGN_LINK_INVALID')
  }
  const expiresAt = Math.min(payload.exp, payload.iat + SIGN_LINK_MAX_AGE_MS)
  if (now > expiresAt || payload.iat > now + MAX_CLOCK_AHEAD) throw new AppError('SIGN_LINK_EXPIRED')
  const used = await db.selectFrom('sign_links').select('nonce').where('nonce', '=', payload.n).executeTakeFirst()
  if (used) throw new AppError('SIGN_LINK_USED')
  const household = await db
    .selectFrom('households')
    .select(['id', 'doorplate', 'grid_id', 'village_id', 'town_id', 'county_id', 'deleted_at'])
    .where('id', '=', payload.h)
    .executeTakeFirst()
  if (!household || household.deleted_at !== null || household[scopeColumn(issuer.user)] !== issuer.user.areaId) {
    throw new AppError('SIGN_LINK_INVALID')
  }
  const template = await templateVersion(db, payload.t, payload.v)
  if (!template) throw new AppError('SIGN_LINK_INVALID')
  return { payload, issuer: issuer.user, household: { id: household.id, doorplate: household.doorplate }, template, expiresAt }
}

/** The link is spent the moment this row exists; of two racing signatures only one inserts it. */
async function claimNonce(db: Kysely<Database>, link: OpenLink, recordId: string, now: number): Promise<void> {
  const claimed = await db
    .insertInto('sign_links')
    .values({ nonce: link.payload.n, user_id: link.issuer.id, household_id: link.household.id, used_at: now, record_id: recordId })
    .onConflict((oc) => oc.column('nonce').doNothing())
    .returning('nonce')
    .executeTakeFirst()
  if (!claimed) throw new AppError('SIGN_LINK_USED')
}

async function issuerOf(db: Kysely<Database>, userId: string): Promise<{ user: UserContext; linkKey: string | null } | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('areas', 'areas.id', 'users.area_id')
    .select(['users.id', 'users.name', 'users.role', 'users.area_id', 'users.link_key', 'areas.name as area_name', 'areas.level as area_level'])
    .where('users.id', '=', userId)
    .executeTakeFirst()
  if (!row) return null
  return { user: userContextOf(row), linkKey: row.link_key }
}

function decodeSignature(value: string): Buffer {
  const bytes = Buffer.from(base64ToBytes(value.replace(/^data:image\/png;base64,/, '')))
  if (bytes.length > PUBLIC_SIGNATURE_MAX_BYTES) {
    throw new AppError('MEDIA_TOO_LARGE', '签名图片太大（超过 300 KB），请清除后重新签名', { bytes: bytes.length, maxBytes: PUBLIC_SIGNATURE_MAX_BYTES })
  }
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new AppError('MEDIA_TYPE_NOT_ALLOWED', '签名须为 PNG 图片')
  return bytes
}
