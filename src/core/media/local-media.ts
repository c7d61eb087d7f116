// What the phone's media store promises on every platform: photos and signatures saved permanently under their
// sha256, readable in chunks for the resumable upload. Implemented in src/platform/media-files(.weapp).ts.
import type { MediaType } from './limits'

export interface SavedMedia {
  sha256: string
  bytes: number
  mime: MediaType
  /** Where the file lives on the phone: a local file path on weapp, a blob: URL on H5 (for display). */
  path: string
}

export interface LocalMediaStore {
  /** Compresses a picked or camera image (≥720 px short side, ~200 KB), hashes it and saves it permanently. */
  saveImageFromTempPath(tempPath: string): Promise<SavedMedia>
  /** Saves PNG bytes as they are (signatures: small already, and must not blur). */
  savePngBytes(bytes: ArrayBuffer): Promise<SavedMedia>
  /** Up to `length` bytes from `offset`; fewer at the end of the file. Throws MediaFileError MISSING if unknown. */
  readMediaChunk(sha: string, offset: number, length: number): Promise<Uint8Array>
  /** Size in bytes, or null when this phone does not hold the file. */
  mediaSize(sha: string): Promise<number | null>
  /** Something an <Image> can show, or null when this phone does not hold the file. */
  mediaUrl(sha: string): Promise<string | null>
  /** Forgets the file (after it is uploaded and no waiting record names it). Unknown shas are ignored. */
  removeMedia(sha: string): Promise<void>
}

/**
 * UNREADABLE: not an image the phone can decode. TOO_LARGE: over 2 MB even after compression.
 * STORAGE: the phone would not save it (storage full, private browsing). MISSING: no such file here.
 */
export type MediaFileErrorCode = 'UNREADABLE' | 'TOO_LARGE' | 'STORAGE' | 'MISSING'

export class MediaFileError extends Error {
  constructor(readonly code: MediaFileErrorCode, detail = '') {
    super(detail ? `${code}: ${detail}` : code)
    this.name = 'MediaFileError'
  }
}
