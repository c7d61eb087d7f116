// The phone's picked and drawn files as the media queue sees them: by sha-256, read in chunks.
import type { MediaFiles } from '../../src/core/sync/media-queue'
import { sha256 } from './images'

export class PhoneFiles implements MediaFiles {
  readonly files = new Map<string, Uint8Array>()

  add(bytes: Uint8Array): string {
    const sha = sha256(bytes)
    this.files.set(sha, bytes)
    return sha
  }

  async size(sha: string) {
    return this.files.get(sha)?.length ?? null
  }

  /** A copy of the bytes, as a file read gives; a file deleted since is an error, as on the phone. */
  async read(sha: string, offset: number, length: number) {
    const file = this.files.get(sha)
    if (!file) throw new Error('MISSING')
    return file.slice(offset, offset + length)
  }
}
