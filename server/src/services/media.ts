// Media files: resumable uploads keyed by sha-256, the checks that the bytes are an allowed image, who may read one.
//
// Rules, by example:
// - PUT offset 0 of a 300 KB file, then offset 262144: appended; the second completes the file and it is kept.
// - the same chunk sent twice (the answer to the first was lost): acknowledged, nothing written twice.
// - offset 524288 while 262144 bytes have arrived: a gap, 409 MEDIA_OFFSET_MISMATCH { receivedBytes: 262144 }.
// - a file already stored, uploaded again (by anyone): success, nothing changes.
// - bytes whose sha-256 differs from the name: 422 MEDIA_HASH_MISMATCH, the partial upload is discarded.
// - a PDF called .png: 415 MEDIA_TYPE_NOT_ALLOWED from its first chunk, before anything is stored.
//
// The blob store's part is the truth about how many bytes arrived (it is what a crash leaves behind);
// media_uploads mirrors it for /status and is corrected whenever the two disagree.
import { createHash } from 'node:crypto'
import { crc32 } from 'node:zlib'
import type { Readable } from 'node:stream'
import { imageSize } from 'image-size'
import type { Kysely } from 'kysely'
import { MEDIA_MAX_BYTES, type MediaType } from '@core/schemas/media'
import type { MediaPutResult, MediaStatus } from '@core/schemas/media-upload'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import type { Database } from '../db/schema'
import { AppError } from '../http/app-error'
import { scopeColumn, type UserContext } from '../auth/user-context'
import { recordAudit } from './audit'
import { withUploadLease } from './upload-lease'

export interface MediaDeps {
  db: Db
  blobs: BlobStore
  now: () => number
  /** Unfinished uploads one user may hold at once (UPLOAD_MAX_PER_USER, UPLOAD_MAX_BYTES_PER_USER); unset: no cap. */
  uploadQuota?: { maxUploads: number; maxBytes: number }
}

export interface ImageInfo {
  mime: MediaType
  width: number
  height: number
}

/**
 * How far a file's upload is, for whoever may read the file (canRead) or is uploading it; to anyone else it is
 * 'missing', as an unknown sha is, so the answer tells nothing about other people's files.
 */
export async function uploadStatus(db: Db, user: UserContext, sha: string): Promise<MediaStatus> {
  const missing: MediaStatus = { sha256: sha, state: 'missing', receivedBytes: 0, totalBytes: null }
  if (!(await canRead(db, user, sha)) && !(await uploading(db, user, sha))) return missing
  const stored = await db.kysely.selectFrom('media').select('bytes').where('sha256', '=', sha).executeTakeFirst()
  if (stored) return { sha256: sha, state: 'complete', receivedBytes: stored.bytes, totalBytes: stored.bytes }
  const upload = await db.kysely
    .selectFrom('media_uploads')
    .select(['received_bytes', 'total_bytes'])
    .where('sha256', '=', sha)
    .executeTakeFirst()
  if (upload) return { sha256: sha, state: 'partial', receivedBytes: upload.received_bytes, totalBytes: upload.total_bytes }
  return missing
}

async function uploading(db: Db, user: UserContext, sha: string): Promise<boolean> {
  const own = await db.kysely.selectFrom('media_uploads').select('sha256').where('sha256', '=', sha).where('uploaded_by', '=', user.id).executeTakeFirst()
  return own !== undefined
}

/** Accepts bytes [offset, offset + chunk.length) of a file of totalBytes; keeps the file once all have arrived. */
export async function appendChunk(
  deps: MediaDeps,
  user: UserContext,
  sha: string,
  offset: number,
  totalBytes: number,
  chunk: Buffer,
): Promise<MediaPutResult> {
  if (totalBytes > MEDIA_MAX_BYTES) throw mediaTooLarge(totalBytes)
  if (offset + chunk.length > totalBytes) {
    throw new AppError('VALIDATION_FAILED', `分片超出了文件长度（Upload-Length ${totalBytes}）`, { offset, chunkBytes: chunk.length, totalBytes })
  }
  // The first bytes already tell the type: a PDF is refused before any of it is stored.
  if (offset === 0 && (chunk.length >= SNIFF_BYTES || chunk.length === totalBytes) && !sniffType(chunk)) {
    throw new AppError('MEDIA_TYPE_NOT_ALLOWED')
  }
  return withLock(deps.db, sha, async () => {
    const stored = await deps.db.kysely.selectFrom('media').select('bytes').where('sha256', '=', sha).executeTakeFirst()
    if (stored) return { state: 'complete', receivedBytes: stored.bytes }
    if (offset === 0 && chunk.length === totalBytes) {
      await storeWhole(deps, chunk, sha, user.id)
      await deps.blobs.removePart(sha)
      return { state: 'complete', receivedBytes: totalBytes }
    }
    const received = await partialUpload(deps, user, sha, offset, totalBytes)
    const end = offset + chunk.length
    if (end > received) await deps.blobs.appendPart(sha, received, chunk.subarray(received - offset))
    const receivedNow = Math.max(received, end)
    await deps.db.kysely
      .updateTable('media_uploads')
      .set({ received_bytes: receivedNow, updated_at: deps.now() })
      .where('sha256', '=', sha)
      .execute()
    if (receivedNow < totalBytes) return { state: 'partial', receivedBytes: receivedNow }
    await completeUpload(deps, sha, user.id)
    return { state: 'complete', receivedBytes: totalBytes }
  })
}

/**
 * Validates and stores a whole image in one go (signature PNGs from the public signing page).
 * Storing bytes that are already stored is a no-op success.
 */
export async function saveMediaBytes(
  deps: { db: Db; blobs: BlobStore },
  bytes: Buffer,
  uploadedBy: string,
  now: number,
): Promise<{ sha256: string; mime: string; width: number; height: number }> {
  if (bytes.length > MEDIA_MAX_BYTES) throw mediaTooLarge(bytes.length)
  const sha = fileSha256(bytes)
  const stored = await deps.db.kysely
    .selectFrom('media')
    .select(['mime', 'width', 'height'])
    .where('sha256', '=', sha)
    .executeTakeFirst()
  if (stored) return { sha256: sha, ...stored }
  const info = await storeWhole({ ...deps, now: () => now }, bytes, sha, uploadedBy)
  return { sha256: sha, ...info }
}

/** A record in the user's scope names the file, or the user uploaded it. */
export async function canRead(db: Db, user: UserContext, sha: string): Promise<boolean> {
  const named = await db.kysely
    .selectFrom('record_media')
    .select('sha256')
    .where('sha256', '=', sha)
    .where(scopeColumn(user), '=', user.areaId)
    .limit(1)
    .executeTakeFirst()
  if (named) return true
  const own = await db.kysely
    .selectFrom('media')
    .select('sha256')
    .where('sha256', '=', sha)
    .where('uploaded_by', '=', user.id)
    .executeTakeFirst()
  return own !== undefined
}

/**
 * The file for a user allowed to see it. An unknown sha and a forbidden one give the same 403; a file a record
 * in scope names that has not arrived yet (待上传) is 404.
 */
export async function readMedia(
  deps: { db: Db; blobs: BlobStore },
  user: UserContext,
  sha: string,
): Promise<{ mime: string; bytes: number; body: Readable }> {
  if (!(await canRead(deps.db, user, sha))) throw new AppError('FORBIDDEN')
  const row = await deps.db.kysely.selectFrom('media').select(['mime', 'bytes']).where('sha256', '=', sha).executeTakeFirst()
  const body = row ? await deps.blobs.get(sha) : null
  if (!row || !body) throw new AppError('NOT_FOUND', '该图片尚未上传（待上传）')
  return { mime: row.mime, bytes: row.bytes, body }
}

// ---------------------------------------------------------------------------------------------------------
// Uploads

/**
 * The number of bytes already received for an upload the chunk at `offset` may continue, starting one when
 * offset is 0. A gap, or a different Upload-Length in mid-upload, is 409 MEDIA_OFFSET_MISMATCH.
 */
async function partialUpload(deps: MediaDeps, user: UserContext, sha: string, offset: number, totalBytes: number): Promise<number> {
  const { db, blobs } = deps
  const upload = await db.kysely
    .selectFrom('media_uploads')
    .select(['total_bytes', 'received_bytes', 'uploaded_by'])
    .where('sha256', '=', sha)
    .executeTakeFirst()
  // An unfinished upload is its starter's: another user neither restarts it nor adds to it (#12 item 1). Their
  // phone tries later; once the file is complete, its PUT answers complete (and a whole-file PUT stores it anyway).
  if (upload && upload.uploaded_by !== user.id) throw new AppError('MEDIA_UPLOAD_NOT_YOURS')
  if (!upload || (upload.total_bytes !== totalBytes && offset === 0)) {
    if (offset !== 0) throw offsetMismatch(0, null)
    if (deps.uploadQuota) await checkUploadQuota(db, user.id, sha, totalBytes, deps.uploadQuota)
    // A part without a row is a leftover of a crash, and a new length at offset 0 is a fresh start.
    await blobs.removePart(sha)
    await db.kysely.deleteFrom('media_uploads').where('sha256', '=', sha).execute()
    await db.kysely
      .insertInto('media_uploads')
      .values({ sha256: sha, total_bytes: totalBytes, received_bytes: 0, uploaded_by: user.id, updated_at: deps.now() })
      .execute()
    return 0
  }
  const received = await blobs.partSize(sha)
  if (received !== upload.received_bytes) {
    await db.kysely.updateTable('media_uploads').set({ received_bytes: received }).where('sha256', '=', sha).execute()
  }
  if (upload.total_bytes !== totalBytes || offset > received) throw offsetMismatch(received, upload.total_bytes)
  return received
}

/**
 * A new upload is refused (429 UPLOAD_QUOTA_EXCEEDED) while the user's other unfinished uploads are already at the
 * cap in number or would pass it in announced bytes with this one; finishing one, or the sweep, frees room.
 * Two uploads started at the same instant in two processes may both pass: a cap, not an exact count.
 */
async function checkUploadQuota(db: Db, userId: string, sha: string, totalBytes: number, quota: { maxUploads: number; maxBytes: number }) {
  const mine = await db.kysely
    .selectFrom('media_uploads')
    .select((eb) => [eb.fn.countAll<number | string>().as('uploads'), eb.fn.sum<number | string | null>('total_bytes').as('bytes')])
    .where('uploaded_by', '=', userId)
    .where('sha256', '!=', sha)
    .executeTakeFirstOrThrow()
  const uploads = Number(mine.uploads)
  const bytes = Number(mine.bytes ?? 0)
  if (uploads >= quota.maxUploads || bytes + totalBytes > quota.maxBytes) {
    throw new AppError('UPLOAD_QUOTA_EXCEEDED', undefined, { unfinishedUploads: uploads, unfinishedBytes: bytes, ...quota })
  }
}

async function completeUpload(deps: MediaDeps, sha: string, uploadedBy: string): Promise<void> {
  const bytes = (await deps.blobs.readPart(sha)) ?? Buffer.alloc(0)
  let info: ImageInfo
  try {
    info = inspectImage(bytes, sha)
  } catch (err) {
    // A bad file is not resumable: the device has to send it again from the start (or give up).
    await deps.blobs.removePart(sha)
    await deps.db.kysely.deleteFrom('media_uploads').where('sha256', '=', sha).execute()
    throw err
  }
  await deps.blobs.promotePart(sha, sha)
  await recordMedia(deps.db.kysely, sha, bytes.length, info, uploadedBy, deps.now())
}

async function storeWhole(deps: MediaDeps, bytes: Buffer, sha: string, uploadedBy: string): Promise<ImageInfo> {
  const info = inspectImage(bytes, sha)
  await deps.blobs.put(sha, bytes)
  await recordMedia(deps.db.kysely, sha, bytes.length, info, uploadedBy, deps.now())
  return info
}

/** The bytes are in the store before the row exists, so a media row never names a missing file. */
async function recordMedia(db: Kysely<Database>, sha: string, bytes: number, info: ImageInfo, uploadedBy: string, at: number) {
  await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('media')
      .values({ sha256: sha, bytes, mime: info.mime, width: info.width, height: info.height, uploaded_by: uploadedBy, uploaded_at: at })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .returning('sha256')
      .executeTakeFirst()
    await trx.deleteFrom('media_uploads').where('sha256', '=', sha).execute()
    if (inserted) {
      await recordAudit(trx, { at, userId: uploadedBy, action: 'media.upload', entity: 'media', entityId: sha, detail: { bytes, ...info } })
    }
  })
}

/**
 * Chunks for one sha run one after another: a resend racing the original must not append twice. In a process
 * they queue here; across processes the database lease (upload-lease.ts) takes the turns.
 */
const locks = new Map<string, Promise<unknown>>()

async function withLock<T>(db: Db, key: string, fn: () => Promise<T>): Promise<T> {
  const before = locks.get(key) ?? Promise.resolve()
  const run = before.then(() => withUploadLease(db, key, fn))
  const settled = run.catch(() => undefined)
  locks.set(key, settled)
  try {
    return await run
  } finally {
    if (locks.get(key) === settled) locks.delete(key)
  }
}

/** Also the route's answer to an Upload-Length or body over the limit, before anything is read. */
export function mediaTooLarge(bytes: number | null): AppError {
  return new AppError('MEDIA_TOO_LARGE', undefined, { bytes, maxBytes: MEDIA_MAX_BYTES })
}

function offsetMismatch(receivedBytes: number, totalBytes: number | null): AppError {
  return new AppError('MEDIA_OFFSET_MISMATCH', undefined, { receivedBytes, totalBytes })
}

// ---------------------------------------------------------------------------------------------------------
// Is it really an allowed image, and all of it?

const SNIFF_BYTES = 12

/** The type from the magic bytes; what the client claims is never trusted. */
function sniffType(b: Buffer): MediaType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png'
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp'
  return null
}

const IMAGE_SIZE_TYPE: Record<MediaType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

function inspectImage(bytes: Buffer, expectedSha: string): ImageInfo {
  if (fileSha256(bytes) !== expectedSha) throw new AppError('MEDIA_HASH_MISMATCH')
  const mime = sniffType(bytes)
  if (!mime) throw new AppError('MEDIA_TYPE_NOT_ALLOWED')
  if (!isWhole(bytes, mime)) throw new AppError('MEDIA_CORRUPT')
  let size: { width: number; height: number; type?: string }
  try {
    size = imageSize(bytes)
  } catch {
    throw new AppError('MEDIA_CORRUPT')
  }
  if (size.type !== IMAGE_SIZE_TYPE[mime] || !(size.width > 0) || !(size.height > 0)) throw new AppError('MEDIA_CORRUPT')
  return { mime, width: size.width, height: size.height }
}

function isWhole(b: Buffer, mime: MediaType): boolean {
  switch (mime) {
    case 'image/jpeg':
      return jpegHasEnd(b)
    case 'image/png':
      return pngHasEnd(b)
    case 'image/webp':
      // RIFF's length field covers the whole file after its first 8 bytes.
      return b.length >= 12 && b.readUInt32LE(4) + 8 <= b.length
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Walks the chunks from IHDR to IEND, checking each one's length and CRC: a cut-off file never reaches IEND. */
function pngHasEnd(b: Buffer): boolean {
  let at = PNG_SIGNATURE.length
  for (let first = true; at + 12 <= b.length; first = false) {
    const length = b.readUInt32BE(at)
    const type = b.toString('latin1', at + 4, at + 8)
    const next = at + 12 + length
    if ((first && type !== 'IHDR') || next > b.length) return false
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length)) return false
    if (type === 'IEND') return true
    at = next
  }
  return false
}

/**
 * Walks the segments to the EOI marker (FFD9), skipping entropy-coded scan data. A cut-off file never reaches
 * EOI. Bytes after EOI are allowed: some phone cameras append their own trailer there.
 */
function jpegHasEnd(b: Buffer): boolean {
  let at = 2
  while (at + 1 < b.length) {
    if (b[at] !== 0xff) return false
    const marker = b[at + 1]
    if (marker === 0xd9) return true
    if (marker === 0xff) {
      at++ // fill byte
      continue
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      at += 2 // markers without a length
      continue
    }
    if (at + 4 > b.length) return false
    at += 2 + b.readUInt16BE(at + 2)
    if (marker !== 0xda) continue
    // Scan data: an FF inside it is followed by 00 (stuffing) or a restart marker; anything else ends it.
    for (;;) {
      at = b.indexOf(0xff, at)
      if (at < 0 || at + 1 >= b.length) return false
      const next = b[at + 1]
      if (next !== 0x00 && !(next >= 0xd0 && next <= 0xd7)) break
      at += 2
    }
  }
  return false
}

/** Files are hashed natively: a 2 MB photo takes ~2 ms here and ~80 ms in core's pure-JS sha256, on the event loop. */
function fileSha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}
