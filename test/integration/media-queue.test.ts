// The device's MediaQueue against the real server through a connection that drops: every image arrives
// exactly once, uploads resume where they stopped, and a file that is not an image fails with its message.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MediaQueue } from '../../src/core/sync/media-queue'
import { NetworkError, type HttpRequest, type HttpResponse } from '../../src/core/sync/ports'
import { loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { FetchHttp, MemoryStorage } from '../helpers/node-ports'
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy'
import { PhoneFiles } from '../helpers/phone-files'
import { makeJpeg, makePng } from '../helpers/images'

jest.setTimeout(60_000)

/** FetchHttp plus raw bytes and extra headers, as the Taro adapter sends a media chunk. */
class RawFetchHttp extends FetchHttp {
  /** Bytes of PUT bodies sent per sha, counted before sending (a cut one counts too). */
  readonly sent = new Map<string, number>()

  async request(req: HttpRequest): Promise<HttpResponse> {
    if (!req.rawBody) return super.request(req)
    const sha = req.path.split('/')[4]
    this.sent.set(sha, (this.sent.get(sha) ?? 0) + req.rawBody.length)
    let res: Response
    try {
      res = await fetch(this.base + req.path, {
        method: req.method,
        headers: { ...req.headers, ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
        body: req.rawBody,
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    } catch (err) {
      throw new NetworkError(String(err), (err as Error).name === 'TimeoutError')
    }
  }
}

let server: TestServer
let proxy: FlakyProxy
let mediaDir: string
let token: string

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-queue-'))
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  proxy = await startFlakyProxy(() => ({ host: '127.0.0.1', port: Number(new URL(server.url).port) }))
  token = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(async () => {
  await proxy.close()
  await server.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

it('resumes after a cut, uploads each file once, and fails a non-image with its Chinese message', async () => {
  const files = new PhoneFiles()
  const http = new RawFetchHttp(proxy.url)
  const storage = new MemoryStorage()
  const queue = new MediaQueue({ storage, ownerId: 'worker', files, http, token: () => token, now: Date.now })

  const screenshot = files.add(makePng(720, 1280, { seed: 21, noise: 0.3 })) // ~850 KB: four chunks
  const photo = files.add(makeJpeg(720, 1280, { seed: 22, noise: 0.1 }))
  const notAnImage = files.add(Buffer.from('%PDF-1.7\n' + '承诺书'.repeat(2000)))
  for (const sha of [screenshot, photo, notAnImage]) await queue.enqueue(sha, 'image/png')
  const size = (sha: string) => files.files.get(sha)!.length
  expect(await queue.pendingCount()).toBe(3)

  // The signal drops 300 KB into a connection: whole chunks before the cut arrived, the cut one did not.
  proxy.mode = { kind: 'cut-request', afterBytes: 300 * 1024 }
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  expect(proxy.cuts).toBeGreaterThan(0)
  expect(queue.states()).toEqual(new Map([[screenshot, 'waiting'], [photo, 'waiting'], [notAnImage, 'waiting']]))
  const partial = await server.db.kysely.selectFrom('media_uploads').selectAll().where('sha256', '=', screenshot).executeTakeFirstOrThrow()
  expect(partial.received_bytes).toBeGreaterThan(0)
  expect(partial.received_bytes % (256 * 1024)).toBe(0)
  expect(partial.received_bytes).toBeLessThan(size(screenshot))

  proxy.mode = { kind: 'pass' }
  expect(await queue.drain()).toEqual({ uploaded: 2, failed: 1 })
  expect(queue.states()).toEqual(new Map([[screenshot, 'done'], [photo, 'done'], [notAnImage, 'failed']]))
  expect(await queue.failures()).toEqual([
    expect.objectContaining({ sha: notAnImage, code: 'MEDIA_TYPE_NOT_ALLOWED', message: '只能上传 JPG、PNG 或 WebP 图片' }),
  ])
  expect(await queue.pendingCount()).toBe(0)

  // Each file went over the wire once, plus at most the one chunk that was cut.
  expect(http.sent.get(screenshot)).toBeLessThanOrEqual(size(screenshot) + 256 * 1024)
  expect(http.sent.get(photo)).toBe(size(photo))
  const stored = await server.db.kysely.selectFrom('media').select(['sha256', 'mime']).orderBy('mime').execute()
  expect(stored).toEqual([
    { sha256: photo, mime: 'image/jpeg' },
    { sha256: screenshot, mime: 'image/png' },
  ])
  for (const sha of [screenshot, photo]) {
    const audits = await server.db.kysely.selectFrom('audit_log').select('action').where('entity_id', '=', sha).execute()
    expect(audits).toEqual([{ action: 'media.upload' }])
  }

  // Nothing left to do: a further drain sends no bytes; a fresh phone with the same files finds them on the server.
  const sentBefore = [...http.sent.values()].reduce((a, b) => a + b, 0)
  expect(await queue.drain()).toEqual({ uploaded: 0, failed: 0 })
  const other = new MediaQueue({ storage: new MemoryStorage(), ownerId: 'worker', files, http, token: () => token, now: Date.now })
  await other.enqueue(screenshot, 'image/png')
  expect(await other.drain()).toEqual({ uploaded: 1, failed: 0 })
  expect([...http.sent.values()].reduce((a, b) => a + b, 0)).toBe(sentBefore)
})
