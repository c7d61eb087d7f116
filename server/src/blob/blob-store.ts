// The one interface for media bytes: whole blobs by key, plus the partial uploads that become them.
//
// It is shaped after S3 so the object store (S3Store, MEDIA_STORE=s3) and the local disk (LocalDiskStore, the
// default) are interchangeable under the media service:
// - put / get / size / remove  → PutObject / GetObject / HeadObject / DeleteObject
// - appendPart                 → UploadPart of a multipart upload (S3 wants every part but the last to be
//                                ≥ 5 MiB, and our files are ≤ 2 MB, so such a store would keep each chunk as a
//                                small object under `.partial/<uploadKey>/<offset>` and concatenate on promote)
// - partSize                   → ListParts (the sum of the part sizes)
// - readPart                   → reading those parts back, to verify the whole file before it is kept
// - promotePart                → CompleteMultipartUpload (or CopyObject) to the final key
// - removePart                 → AbortMultipartUpload / DeleteObjects
import type { Readable } from 'node:stream'

export interface BlobStore {
  has(key: string): Promise<boolean>
  /** Bytes of the blob, or null when there is none. */
  size(key: string): Promise<number | null>
  /** Stores a whole blob atomically: a reader sees the old state or all of the new bytes, never a part. */
  put(key: string, data: Buffer | Readable): Promise<void>
  get(key: string): Promise<Readable | null>
  /** Deletes a blob (→ DeleteObject); deleting one that is not there is fine. Erased and purged files go this way. */
  remove(key: string): Promise<void>

  /** Bytes received so far for an upload; 0 when it has not started. */
  partSize(uploadKey: string): Promise<number>
  /**
   * Appends a chunk to an upload that holds exactly `offset` bytes. Any other length throws PartOffsetError:
   * the caller decides what an overlap or a gap means, the store never writes in the middle.
   */
  appendPart(uploadKey: string, offset: number, chunk: Buffer): Promise<void>
  /** The bytes received so far, or null when there is no upload. Uploads are small (≤ MEDIA_MAX_BYTES). */
  readPart(uploadKey: string): Promise<Buffer | null>
  removePart(uploadKey: string): Promise<void>
  /** Turns a finished upload into the blob `key` in one step; the upload is gone afterwards. */
  promotePart(uploadKey: string, key: string): Promise<void>
  /** Every upload in progress and when it last received bytes (the sweep finds leftovers without a row by it). */
  listParts(): Promise<PartInfo[]>
}

export interface PartInfo {
  uploadKey: string
  /** Epoch ms of its latest chunk. */
  modifiedAt: number
}

export class PartOffsetError extends Error {
  constructor(readonly expected: number, readonly actual: number) {
    super(`upload holds ${actual} bytes, chunk is for offset ${expected}`)
    this.name = 'PartOffsetError'
  }
}

/** Keys become file and object names: only letters, digits, '-' and '_' (a sha256 in hex, typically). */
export function assertSafeKey(key: string): void {
  if (!/^[A-Za-z0-9_-]{4,128}$/.test(key)) throw new Error(`unsafe blob key: ${JSON.stringify(key)}`)
}
