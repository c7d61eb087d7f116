// MediaQueue against an in-memory stand-in of the upload protocol: persistence, chunking, resuming, refusals.
import { createHash } from 'node:crypto'
import { MediaQueue, filePercent, overallPercent, type UploadProgress } from '../../../../src/core/sync/media-queue'
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse } from '../../../../src/core/sync/ports'
import { ERRORS } from '../../../../src/core/errors'
import { MemoryStorage } from '../../../helpers/node-ports'
import { PhoneFiles } from '../../../helpers/phone-files'

const KB = 1024

function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed * 7) & 0xff
  return out
}

const shaOf = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
/** Byte equality; toEqual walks a typed array element by element and takes seconds. */
const same = (a: Uint8Array | undefined, b: Uint8Array | undefined) => !!a && !!b && Buffer.from(a).equals(Buffer.from(b))

const err = (status: number, code: keyof typeof ERRORS, details?: unknown): HttpResponse => ({
  status,
  body: { error: { code, message: ERRORS[code].message, details } },
})

/** The server's side of the protocol, in memory; `before` may answer or throw first (a cut, a refusal). */
class FakeServer implements HttpClient {
  readonly stored = new Map<string, Uint8Array>()
  readonly partial = new Map<string, { total: number; bytes: Uint8Array }>()
  readonly log: string[] = []
  /** Codes the server answers when a file completes, by sha (as if its checks refused it). */
  readonly refuse = new Map<string, { status: number; code: keyof typeof ERRORS }>()
  before: ((req: HttpRequest) => HttpResponse | void) | null = null

  async request(req: HttpRequest): Promise<HttpResponse> {
    const sha = req.path.split('/')[4]
    this.log.push(req.method === 'PUT' ? `PUT ${sha.slice(0, 6)} @${req.headers!['Upload-Offset']}` : `GET ${sha.slice(0, 6)}`)
    const early = this.before?.(req)
    if (early) return early
    if (req.method === 'GET') {
      const done = this.stored.get(sha)
      if (done) return { status: 200, body: { sha256: sha, state: 'complete', receivedBytes: done.length, totalBytes: done.length } }
      const p = this.partial.get(sha)
      return { status: 200, body: { sha256: sha, state: p ? 'partial' : 'missing', receivedBytes: p?.bytes.length ?? 0, totalBytes: p?.total ?? null } }
    }
    const offset = Number(req.headers!['Upload-Offset'])
    const total = Number(req.headers!['Upload-Length'])
    const chunk = req.rawBody!
    if (this.stored.has(sha)) return { status: 200, body: { state: 'complete', receivedBytes: total } }
    let p = this.partial.get(sha)
    if (!p || (p.total !== total && offset === 0)) this.partial.set(sha, (p = { total, bytes: new Uint8Array(0) }))
    if (offset > p.bytes.length) return err(409, 'MEDIA_OFFSET_MISMATCH', { receivedBytes: p.bytes.length })
    const end = offset + chunk.length
    if (end > p.bytes.length) {
      const grown = new Uint8Array(end)
      grown.set(p.bytes)
      grown.set(chunk.subarray(p.bytes.length - offset), p.bytes.length)
      p.bytes = grown
    }
    if (p.bytes.length < total) return { status: 200, body: { state: 'partial', receivedBytes: p.bytes.length } }
    this.partial.delete(sha)
    const refusal = this.refuse.get(sha)
    if (refusal) return err(refusal.status, refusal.code)
    if (shaOf(p.bytes) !== sha) return err(422, 'MEDIA_HASH_MISMATCH')
    this.stored.set(sha, p.bytes)
    return { status: 200, body: { state: 'complete', receivedBytes: total } }
  }
}

function setup(ownerId = 'w1', storage = new MemoryStorage()) {
  const files = new PhoneFiles()
  const server = new FakeServer()
  let clock = 1000
  const queue = new MediaQueue({ storage, ownerId, files, http: server, token: () => 'tok', now: () => clock++ })
  return { storage, files, server, queue }
}

it('keeps one storage key per sha, per account, and survives a restart', async () => {
  const { storage, files, queue } = setup()
  const sha = files.add(bytesOf(10 * KB, 1))
  await queue.enqueue(sha, 'image/jpeg')
  await queue.enqueue(sha, 'image/jpeg')
  expect([...storage.data.keys()]).toEqual([`md:w1:${sha}`])
  expect(await queue.pendingCount()).toBe(1)

  const again = new MediaQueue({ storage, ownerId: 'w1', files, http: new FakeServer(), token: () => null, now: () => 0 })
  expect(again.states()).toEqual(new Map())
  await again.load()
  expect(again.states()).toEqual(new Map([[sha, 'waiting']]))
  const otherAccount = new MediaQueue({ storage, ownerId: 'w2', files, http: new FakeServer(), token: () => null, now: () => 0 })
  expect(await otherAccount.pendingCount()).toBe(0)
})

it('asks /status, then sends 256 KB chunks, and forgets the file once the server has it', async () => {
  const { storage, files, server, queue } = setup()
  const bytes = bytesOf(600 * KB, 2)
  const sha = files.add(bytes)
  await queue.enqueue(sha, 'image/png')
  expect(await queue.drain()).toEqual({ uploaded: 1, failed: 0 })
  const s = sha.slice(0, 6)
  expect(server.log).toEqual([`GET ${s}`, `PUT ${s} @0`, `PUT ${s} @262144`, `PUT ${s} @524288`])
  expect(same(server.stored.get(sha), bytes)).toBe(true)
  expect(queue.states().get(sha)).toBe('done')
  expect(await queue.pendingCount()).toBe(0)
  expect(storage.data.size).toBe(0)
})

it('tells its progress per file and overall: where each file starts and after every chunk the server took', async () => {
  const storage = new MemoryStorage()
  const files = new PhoneFiles()
  const server = new FakeServer()
  const seen: UploadProgress[] = []
  const queue = new MediaQueue({ storage, ownerId: 'w1', files, http: server, token: () => 'tok', now: () => 1, onProgress: (p) => seen.push(p) })
  const big = files.add(bytesOf(600 * KB, 5))
  const small = files.add(bytesOf(20 * KB, 6))
  await queue.enqueue(big, 'image/jpeg')
  await queue.enqueue(small, 'image/jpeg')
  await queue.drain()
  expect(seen.map((p) => [p.fileNo, p.fileCount, filePercent(p), overallPercent(p)])).toEqual([
    [1, 2, 0, 0],
    [1, 2, 42, 21],
    [1, 2, 85, 42],
    [1, 2, 100, 50],
    [2, 2, 0, 50],
    [2, 2, 100, 100],
  ])
  expect(seen[0]).toMatchObject({ sha: big, fileBytes: 600 * KB, sentBytes: 0 })
})

it('sends nothing for a file the server already has, and resumes a partial one from receivedBytes', async () => {
  const { files, server, queue } = setup()
  const have = files.add(bytesOf(50 * KB, 3))
  const half = bytesOf(400 * KB, 4)
  const resume = files.add(half)
  server.stored.set(have, files.files.get(have)!)
  server.partial.set(resume, { total: half.length, bytes: half.slice(0, 300 * KB) })
  await queue.enqueue(have, 'image/png')
  await queue.enqueue(resume, 'image/png')
  expect(await queue.drain()).toEqual({ uploaded: 2, failed: 0 })
  expect(server.log).toEqual([`GET ${have.slice(0, 6)}`, `GET ${resume.slice(0, 6)}`, `PUT ${resume.slice(0, 6)} @307200`])
  expect(same(server.stored.get(resume), half)).toBe(true)
})

it('stops on a network error, leaves the file waiting, and continues from the server next time', async () => {
  const { files, server, queue } = setup()
  const a = files.add(bytesOf(600 * KB, 5))
  const b = files.add(bytesOf(20 * KB, 6))
  await queue.enqueue(a, 'image/jpeg')
  await queue.enqueue(b, 'image/jpeg')
  server.before = (req) => {
    if (req.headers?.['Upload-Offset'] === '262144') throw new NetworkError('socket hang up')
  }
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  expect(queue.states()).toEqual(new Map([[a, 'waiting'], [b, 'waiting']]))
  expect(server.partial.get(a)?.bytes.length).toBe(256 * KB)

  server.before = null
  server.log.length = 0
  expect(await queue.drain()).toEqual({ uploaded: 2, failed: 0 })
  expect(server.log.slice(0, 3)).toEqual([`GET ${a.slice(0, 6)}`, `PUT ${a.slice(0, 6)} @262144`, `PUT ${a.slice(0, 6)} @524288`])
  expect(same(server.stored.get(a), files.files.get(a))).toBe(true)
})

it('re-reads /status after 409 MEDIA_OFFSET_MISMATCH and carries on from there', async () => {
  const { files, server, queue } = setup()
  const bytes = bytesOf(600 * KB, 7)
  const sha = files.add(bytes)
  await queue.enqueue(sha, 'image/png')
  let once = true
  server.before = (req) => {
    // Another copy of the upload (a resend that arrived late) moved the server on behind the queue's back.
    if (once && req.headers?.['Upload-Offset'] === '262144') {
      once = false
      server.partial.set(sha, { total: bytes.length, bytes: bytes.slice(0, 400 * KB) })
      return err(409, 'MEDIA_OFFSET_MISMATCH', { receivedBytes: 400 * KB })
    }
  }
  expect(await queue.drain()).toEqual({ uploaded: 1, failed: 0 })
  expect(server.log.slice(2)).toEqual([`PUT ${sha.slice(0, 6)} @262144`, `GET ${sha.slice(0, 6)}`, `PUT ${sha.slice(0, 6)} @409600`])
  expect(same(server.stored.get(sha), bytes)).toBe(true)
})

it('marks a refused file failed with the server’s Chinese message and never sends it again', async () => {
  const { storage, files, server, queue } = setup()
  const pdf = files.add(bytesOf(30 * KB, 8))
  const fine = files.add(bytesOf(30 * KB, 9))
  server.refuse.set(pdf, { status: 415, code: 'MEDIA_TYPE_NOT_ALLOWED' })
  await queue.enqueue(pdf, 'image/png')
  await queue.enqueue(fine, 'image/png')
  expect(await queue.drain()).toEqual({ uploaded: 1, failed: 1 })
  expect(queue.states()).toEqual(new Map([[pdf, 'failed'], [fine, 'done']]))
  expect(await queue.failures()).toEqual([
    expect.objectContaining({ sha: pdf, state: 'failed', code: 'MEDIA_TYPE_NOT_ALLOWED', message: '只能上传 JPG、PNG 或 WebP 图片' }),
  ])
  expect(JSON.parse(storage.data.get(`md:w1:${pdf}`)!)).toMatchObject({ state: 'failed', code: 'MEDIA_TYPE_NOT_ALLOWED' })
  expect(await queue.pendingCount()).toBe(0)

  server.log.length = 0
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  expect(server.log).toEqual([])
})

it('fails a file the phone no longer has, or one over 2 MB, without sending it', async () => {
  const { files, server, queue } = setup()
  const gone = shaOf(bytesOf(10, 10))
  const big = files.add(bytesOf(2 * 1024 * KB + 1, 11))
  await queue.enqueue(gone, 'image/jpeg')
  await queue.enqueue(big, 'image/jpeg')
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 2 })
  expect(server.log).toEqual([])
  const byCode = Object.fromEntries((await queue.failures()).map((f) => [f.code, f.message]))
  expect(byCode).toEqual({ MEDIA_FILE_MISSING: expect.stringMatching(/找不到这张图片/), MEDIA_TOO_LARGE: ERRORS.MEDIA_TOO_LARGE.message })
})

it('retries a hash mismatch on later drains, then gives up', async () => {
  const { files, server, queue } = setup()
  const sha = shaOf(bytesOf(5 * KB, 12))
  files.files.set(sha, bytesOf(5 * KB, 13)) // the file changed on the phone under its old name
  await queue.enqueue(sha, 'image/jpeg')
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  expect(queue.states().get(sha)).toBe('waiting')
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 1 })
  expect((await queue.failures())[0]).toMatchObject({ code: 'MEDIA_HASH_MISMATCH', message: ERRORS.MEDIA_HASH_MISMATCH.message })
  expect(server.stored.size).toBe(0)
})

it('stops at a server error or an expired session, keeping everything waiting', async () => {
  for (const status of [500, 503, 401]) {
    const { files, server, queue } = setup()
    const a = files.add(bytesOf(10 * KB, 14))
    const b = files.add(bytesOf(10 * KB, 15))
    await queue.enqueue(a, 'image/png')
    await queue.enqueue(b, 'image/png')
    server.before = () => ({ status, body: { error: { code: status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL', message: '' } } })
    expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
    expect(server.log).toHaveLength(1)
    expect(await queue.pendingCount()).toBe(2)
  }
})

it('runs one drain at a time and shows the file being sent as uploading', async () => {
  const { files, server, queue } = setup()
  const sha = files.add(bytesOf(300 * KB, 16))
  await queue.enqueue(sha, 'image/jpeg')
  const seen: string[] = []
  server.before = () => {
    seen.push(queue.states().get(sha)!)
  }
  const [first, second] = [queue.drain(), queue.drain()]
  expect(first).toBe(second)
  expect(await first).toEqual({ uploaded: 1, failed: 0 })
  expect(server.log).toHaveLength(3)
  expect(new Set(seen)).toEqual(new Set(['uploading']))
})
