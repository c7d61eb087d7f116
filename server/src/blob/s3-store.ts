// BlobStore on an S3-compatible object store (MEDIA_STORE=s3): blobs at <prefix>media/ab/cd/<key>, uploads in
// progress as one small object per chunk at <prefix>partial/<uploadKey>/<offset, 10 digits>.
//
// Every part of an S3 multipart upload but the last must be ≥ 5 MiB and our files are ≤ 2 MB, so a chunk is an
// object of its own and a finished upload is read back (it is verified whole anyway), written as the blob in one
// PutObject, and its parts deleted. A PutObject is atomic: a reader sees the old object or all of the new one.
// Several server processes share the store; the media service keeps two appends to one upload apart.
import type { Readable } from 'node:stream'
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3'
import { PartOffsetError, assertSafeKey, type BlobStore, type PartInfo } from './blob-store'

export interface S3StoreOptions {
  bucket: string
  /** Unset: the SDK's own endpoint for the region. */
  endpoint?: string
  region: string
  accessKeyId?: string
  secretAccessKey?: string
  /** bucket in the path (http://host/bucket/key), as most self-hosted S3-compatible servers want. */
  forcePathStyle: boolean
  /** Put before every object name, e.g. `fanzha/`; empty for a bucket of its own. */
  prefix: string
}

export class S3Store implements BlobStore {
  readonly client: S3Client
  private readonly bucket: string
  private readonly prefix: string

  constructor(opts: S3StoreOptions) {
    const config: S3ClientConfig = {
      region: opts.region,
      endpoint: opts.endpoint,
      forcePathStyle: opts.forcePathStyle,
      // Checksums only where S3 demands them: several S3-compatible servers do not know the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    }
    if (opts.accessKeyId && opts.secretAccessKey) {
      config.credentials = { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
    }
    this.client = new S3Client(config)
    this.bucket = opts.bucket
    this.prefix = opts.prefix
  }

  async has(key: string): Promise<boolean> {
    return (await this.size(key)) !== null
  }

  async size(key: string): Promise<number | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.blobKey(key) }))
      return head.ContentLength ?? 0
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
  }

  async put(key: string, data: Buffer | Readable): Promise<void> {
    const body = Buffer.isBuffer(data) ? data : await readAll(data)
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.blobKey(key), Body: body, ContentLength: body.length }))
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.blobKey(key) }))
      // In Node the body is an http.IncomingMessage: it streams, nothing is held whole.
      return got.Body as Readable
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.blobKey(key) }))
  }

  async partSize(uploadKey: string): Promise<number> {
    return contiguous(await this.parts(uploadKey)).bytes
  }

  async appendPart(uploadKey: string, offset: number, chunk: Buffer): Promise<void> {
    const held = await this.partSize(uploadKey)
    if (held !== offset) throw new PartOffsetError(offset, held)
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: this.partObject(uploadKey, offset), Body: chunk, ContentLength: chunk.length }),
    )
  }

  async readPart(uploadKey: string): Promise<Buffer | null> {
    const parts = await this.parts(uploadKey)
    if (parts.length === 0) return null
    const chunks: Buffer[] = []
    for (const part of contiguous(parts).parts) {
      const got = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: part.key }))
      chunks.push(await readAll(got.Body as Readable))
    }
    return Buffer.concat(chunks)
  }

  async removePart(uploadKey: string): Promise<void> {
    for (const part of await this.parts(uploadKey)) {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: part.key }))
    }
  }

  async promotePart(uploadKey: string, key: string): Promise<void> {
    const bytes = await this.readPart(uploadKey)
    if (!bytes) throw new Error(`no upload ${uploadKey} to promote`)
    await this.put(key, bytes)
    await this.removePart(uploadKey)
  }

  async listParts(): Promise<PartInfo[]> {
    const byUpload = new Map<string, number>()
    for (const obj of await this.list(`${this.prefix}partial/`)) {
      const uploadKey = obj.key.slice(`${this.prefix}partial/`.length).split('/')[0]
      byUpload.set(uploadKey, Math.max(byUpload.get(uploadKey) ?? 0, obj.modifiedAt))
    }
    return [...byUpload].map(([uploadKey, modifiedAt]) => ({ uploadKey, modifiedAt }))
  }

  private async parts(uploadKey: string): Promise<Array<{ key: string; offset: number; size: number }>> {
    const dir = `${this.partDir(uploadKey)}/`
    const objects = await this.list(dir)
    return objects
      .map((o) => ({ key: o.key, offset: Number(o.key.slice(dir.length)), size: o.size }))
      .filter((p) => Number.isInteger(p.offset))
      .sort((a, b) => a.offset - b.offset)
  }

  private async list(prefix: string): Promise<Array<{ key: string; size: number; modifiedAt: number }>> {
    const out: Array<{ key: string; size: number; modifiedAt: number }> = []
    let token: string | undefined
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }))
      for (const o of page.Contents ?? []) {
        if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0, modifiedAt: o.LastModified?.getTime() ?? 0 })
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return out
  }

  private blobKey(key: string): string {
    assertSafeKey(key)
    return `${this.prefix}media/${key.slice(0, 2)}/${key.slice(2, 4)}/${key}`
  }

  private partDir(uploadKey: string): string {
    assertSafeKey(uploadKey)
    return `${this.prefix}partial/${uploadKey}`
  }

  private partObject(uploadKey: string, offset: number): string {
    return `${this.partDir(uploadKey)}/${String(offset).padStart(10, '0')}`
  }
}

/** The parts from offset 0 that follow each other without a gap, and their bytes. */
function contiguous<P extends { offset: number; size: number }>(parts: P[]): { parts: P[]; bytes: number } {
  const out: P[] = []
  let bytes = 0
  for (const p of parts) {
    if (p.offset !== bytes) break
    out.push(p)
    bytes += p.size
  }
  return { parts: out, bytes }
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } }
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}
