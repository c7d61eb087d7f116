// An uploaded file on its way to the check: streamed to a private temp file as it arrives (never whole in memory),
// read once by the check and deleted right after it, succeeded or not. What is kept is the rows without the ID
// numbers (services/imports.ts); a file left by a process that died is swept at the next upload.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomUUID, createHash } from 'node:crypto'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../http/app-error'

export interface SpooledFile {
  path: string
  bytes: number
  sha256: string
  /** The first bytes, to tell the format. */
  head: Buffer
}

const HEAD_BYTES = 4096
const LEFTOVER_MS = 24 * 3600_000

export function spoolDir(): string {
  return path.join(os.tmpdir(), 'fanzha-imports')
}

export function isSpooledFile(v: unknown): v is SpooledFile {
  return typeof v === 'object' && v !== null && typeof (v as SpooledFile).path === 'string' && Buffer.isBuffer((v as SpooledFile).head)
}

/** Writes the stream to a new temp file (mode 600); more than `maxBytes` is refused with 413 and nothing kept. */
export async function spoolUpload(input: Readable, maxBytes: number): Promise<SpooledFile> {
  const dir = spoolDir()
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = path.join(dir, `${randomUUID()}.upload`)
  const hash = createHash('sha256')
  const head: Buffer[] = []
  let headBytes = 0
  let bytes = 0
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length
      if (bytes > maxBytes) return done(new AppError('IMPORT_FILE_TOO_LARGE'))
      hash.update(chunk)
      if (headBytes < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headBytes))
        headBytes += Math.min(chunk.length, HEAD_BYTES - headBytes)
      }
      done(null, chunk)
    },
  })
  try {
    await pipeline(input, meter, fs.createWriteStream(file, { mode: 0o600 }))
  } catch (err) {
    removeSpool(file)
    throw err
  }
  return { path: file, bytes, sha256: hash.digest('hex'), head: Buffer.concat(head) }
}

export function removeSpool(file: string): void {
  fs.rmSync(file, { force: true })
}

/** Deletes upload files older than a day: a check cut off by a restart left them. */
export function sweepLeftovers(now: number): void {
  const dir = spoolDir()
  let names: string[]
  try {
    names = fs.readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const file = path.join(dir, name)
    try {
      if (now - fs.statSync(file).mtimeMs > LEFTOVER_MS) removeSpool(file)
    } catch {
      // Another process removed it meanwhile.
    }
  }
}
