// Media upload over real HTTP: chunked and whole uploads of real images, resends, resuming after a cut
// connection, refusals (type, size, truncation, hash) and who may read a file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MEDIA_MAX_BYTES } from '../../src/core/schemas/media'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { startFlakyProxy, type FlakyProxy } from '../helpers/flaky-proxy'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const KB = 1024
let server: TestServer
let proxy: FlakyProxy
let mediaDir: string
let worker: string

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-'))
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  proxy = await startFlakyProxy(() => ({ host: '127.0.0.1', port: Number(new URL(server.url).port) }))
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(async () => {
  await proxy.close()
  await server.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

async function put(sha: string, offset: number, total: number, chunk: Uint8Array, opts: { token?: string; base?: string } = {}) {
  const res = await fetch(`${opts.base ?? server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${opts.token ?? worker}`,
      'content-type': 'application/octet-stream',
      'upload-offset': String(offset),
      'upload-length': String(total),
    },
    body: chunk,
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

const status = async (sha: string, token = worker) => (await api(server.url, 'GET', `/api/v1/media/${sha}/status`, { token })).body

async function download(sha: string, token: string) {
  const res = await fetch(`${server.url}/api/v1/media/${sha}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** Files under the media dir, partial uploads included. */
function storedFiles(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      if (e.isDirectory()) walk(path.join(dir, e.name))
      else out.push(path.relative(mediaDir, path.join(dir, e.name)))
    }
  }
  walk(mediaDir)
  return out
}

async function mediaRow(sha: string) {
  return server.db.kysely.selectFrom('media').selectAll().where('sha256', '=', sha).executeTakeFirst()
}

describe('upload', () => {
  it('takes a real 720×1280 PNG in 256 KB chunks, acknowledges a resent chunk, and keeps it once', async () => {
    const png = makePng(720, 1280, { seed: 1, noise: 0.2 })
    const sha = sha256(png)
    expect(png.length).toBeGreaterThan(450 * KB)
    expect(await status(sha)).toEqual({ sha256: sha, state: 'missing', receivedBytes: 0, totalBytes: null })

    const first = png.subarray(0, 256 * KB)
    expect(await put(sha, 0, png.length, first)).toEqual({ status: 200, body: { state: 'partial', receivedBytes: 256 * KB } })
    expect(await status(sha)).toEqual({ sha256: sha, state: 'partial', receivedBytes: 256 * KB, totalBytes: png.length })
    // The answer was lost, the phone sends the same chunk again: acknowledged, not appended twice.
    expect(await put(sha, 0, png.length, first)).toEqual({ status: 200, body: { state: 'partial', receivedBytes: 256 * KB } })
    // A chunk overlapping what arrived: only its new tail counts.
    expect((await put(sha, 200 * KB, png.length, png.subarray(200 * KB, 300 * KB))).body).toEqual({ state: 'partial', receivedBytes: 300 * KB })
    // A gap: refused with where to continue.
    const gap = await put(sha, 400 * KB, png.length, png.subarray(400 * KB))
    expect(gap.status).toBe(409)
    expect(gap.body.error).toMatchObject({ code: 'MEDIA_OFFSET_MISMATCH', details: { receivedBytes: 300 * KB, totalBytes: png.length } })

    expect(await put(sha, 300 * KB, png.length, png.subarray(300 * KB))).toEqual({ status: 200, body: { state: 'complete', receivedBytes: png.length } })
    expect(await status(sha)).toEqual({ sha256: sha, state: 'complete', receivedBytes: png.length, totalBytes: png.length })
    expect(await mediaRow(sha)).toMatchObject({ bytes: png.length, mime: 'image/png', width: 720, height: 1280 })
    expect(storedFiles()).toContain(path.join(sha.slice(0, 2), sha.slice(2, 4), sha))
    expect(storedFiles()).not.toContain(path.join('.partial', sha))

    const got = await download(sha, worker)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/png')
    expect(got.headers.get('cache-control')).toBe('private, max-age=31536000, immutable')
    expect(got.bytes.equals(png)).toBe(true)

    // Uploading it again, whole or from the start, changes nothing.
    expect(await put(sha, 0, png.length, png)).toEqual({ status: 200, body: { state: 'complete', receivedBytes: png.length } })
    expect(await put(sha, 0, png.length, first)).toEqual({ status: 200, body: { state: 'complete', receivedBytes: png.length } })
    // One upload row however many chunks (reading the file back is audited too, as media.view).
    const audits = await server.db.kysely.selectFrom('audit_log').selectAll().where('entity_id', '=', sha).where('action', '!=', 'media.view').execute()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({ action: 'media.upload', entity: 'media' })
    expect(JSON.parse(audits[0].detail)).toEqual({ bytes: png.length, mime: 'image/png', width: 720, height: 1280 })
  })

  it('takes a whole JPEG in one PUT, and another user uploading the same file is a no-op success', async () => {
    const jpg = makeJpeg(720, 1280, { seed: 2, noise: 0.1 })
    const sha = sha256(jpg)
    expect(await put(sha, 0, jpg.length, jpg)).toEqual({ status: 200, body: { state: 'complete', receivedBytes: jpg.length } })
    const first = await mediaRow(sha)
    expect(first).toMatchObject({ mime: 'image/jpeg', width: 720, height: 1280 })
    const other = await loginAs(server.url, 'demo-t1-v01-g2')
    expect(await put(sha, 0, jpg.length, jpg, { token: other })).toEqual({ status: 200, body: { state: 'complete', receivedBytes: jpg.length } })
    expect(await mediaRow(sha)).toEqual(first)
  })

  it('takes a WebP, and refuses one cut short as corrupt', async () => {
    // The smallest lossless WebP: a 1×1 pixel.
    const webp = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64')
    expect((await put(sha256(webp), 0, webp.length, webp)).body.state).toBe('complete')
    expect(await mediaRow(sha256(webp))).toMatchObject({ mime: 'image/webp', width: 1, height: 1 })
    const cut = webp.subarray(0, webp.length - 4)
    expect((await put(sha256(cut), 0, cut.length, cut)).body.error.code).toBe('MEDIA_CORRUPT')
  })

  it('takes a whole 2 MB file in one PUT', async () => {
    const png = makePng(1200, 1600, { seed: 3, noise: 0.32 })
    expect(png.length).toBeGreaterThan(1.5 * 1024 * KB)
    expect(png.length).toBeLessThanOrEqual(MEDIA_MAX_BYTES)
    const sha = sha256(png)
    expect((await put(sha, 0, png.length, png)).body).toEqual({ state: 'complete', receivedBytes: png.length })
  })

  it('appends a chunk sent three times at once only once', async () => {
    const png = makePng(720, 1280, { seed: 4, noise: 0.1 })
    const sha = sha256(png)
    const first = png.subarray(0, 128 * KB)
    const answers = await Promise.all([0, 1, 2].map(() => put(sha, 0, png.length, first)))
    for (const a of answers) expect(a.body).toEqual({ state: 'partial', receivedBytes: 128 * KB })
    expect((await put(sha, 128 * KB, png.length, png.subarray(128 * KB))).body.state).toBe('complete')
  })

  it('resumes from /status after the connection is cut in the middle of a chunk, and after a lost answer', async () => {
    const png = makePng(720, 1280, { seed: 5, noise: 0.3 })
    const sha = sha256(png)
    const chunk = 256 * KB
    expect((await put(sha, 0, png.length, png.subarray(0, chunk), { base: proxy.url })).body.receivedBytes).toBe(chunk)

    // The signal drops 100 KB into the second chunk: the server keeps nothing of it.
    proxy.mode = { kind: 'cut-request', afterBytes: 100 * KB }
    await expect(put(sha, chunk, png.length, png.subarray(chunk, 2 * chunk), { base: proxy.url })).rejects.toThrow()
    proxy.mode = { kind: 'pass' }
    const after = await status(sha)
    expect(after).toEqual({ sha256: sha, state: 'partial', receivedBytes: chunk, totalBytes: png.length })

    // The next chunk arrives but its answer is lost; the phone resends it and is told it is already there.
    proxy.mode = { kind: 'cut-response' }
    await expect(put(sha, after.receivedBytes, png.length, png.subarray(chunk, 2 * chunk), { base: proxy.url })).rejects.toThrow()
    proxy.mode = { kind: 'pass' }
    expect((await put(sha, chunk, png.length, png.subarray(chunk, 2 * chunk), { base: proxy.url })).body).toEqual({
      state: 'partial',
      receivedBytes: 2 * chunk,
    })

    let offset = (await status(sha)).receivedBytes
    let last
    while (offset < png.length) {
      last = await put(sha, offset, png.length, png.subarray(offset, offset + chunk), { base: proxy.url })
      offset = last.body.receivedBytes
    }
    expect(last?.body.state).toBe('complete')
    expect((await download(sha, worker)).bytes.equals(png)).toBe(true)
  })
})

describe('refusals', () => {
  it('refuses a PDF or a text file called .png with 415, before storing anything', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n' + 'x'.repeat(300 * KB) + '\n%%EOF\n')
    const before = storedFiles()
    const res = await put(sha256(pdf), 0, pdf.length, pdf.subarray(0, 256 * KB))
    expect(res.status).toBe(415)
    expect(res.body.error.code).toBe('MEDIA_TYPE_NOT_ALLOWED')
    expect(res.body.error.message).toBe('只能上传 JPG、PNG 或 WebP 图片')
    expect(await status(sha256(pdf))).toMatchObject({ state: 'missing' })

    const text = Buffer.from('这不是图片，只是一段文字。'.repeat(20))
    const gif = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64')
    for (const other of [text, gif]) {
      const res2 = await put(sha256(other), 0, other.length, other)
      expect(res2.status).toBe(415)
      expect(res2.body.error.code).toBe('MEDIA_TYPE_NOT_ALLOWED')
    }
    expect(storedFiles()).toEqual(before)
  })

  it('refuses a 12 MB screenshot with 413 on its Upload-Length, before any byte is stored', async () => {
    const big = Buffer.alloc(12 * 1024 * KB, 7)
    big.set(makePng(16, 16), 0)
    const sha = sha256(big)
    const before = storedFiles()
    const res = await put(sha, 0, big.length, big.subarray(0, 256 * KB))
    expect(res.status).toBe(413)
    expect(res.body.error).toMatchObject({ code: 'MEDIA_TOO_LARGE', message: '图片太大（超过 2 MB），请压缩后重新上传' })
    expect(await status(sha)).toMatchObject({ state: 'missing' })
    // The same when it all comes in one body, and when a body is bigger than its Upload-Length claims.
    expect((await put(sha, 0, big.length, big)).body?.error?.code).toBe('MEDIA_TOO_LARGE')
    expect((await put(sha, 0, MEDIA_MAX_BYTES, big.subarray(0, 3 * 1024 * KB))).body?.error?.code).toBe('MEDIA_TOO_LARGE')
    expect(storedFiles()).toEqual(before)
    expect(await server.db.kysely.selectFrom('media_uploads').selectAll().where('sha256', '=', sha).execute()).toEqual([])
  })

  it('refuses a truncated PNG (no IEND) and a truncated JPEG as corrupt, and discards the partial upload', async () => {
    const png = makePng(720, 1280, { seed: 6, noise: 0.12 })
    const noEnd = png.subarray(0, png.length - 12)
    const sha = sha256(noEnd)
    expect((await put(sha, 0, noEnd.length, noEnd.subarray(0, 256 * KB))).status).toBe(200)
    const res = await put(sha, 256 * KB, noEnd.length, noEnd.subarray(256 * KB))
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'MEDIA_CORRUPT', message: '图片已损坏或不完整，请重新选择' })
    expect(await status(sha)).toMatchObject({ state: 'missing', receivedBytes: 0 })
    expect(storedFiles()).not.toContain(path.join('.partial', sha))

    const jpg = makeJpeg(720, 1280, { seed: 6, noise: 0.05 })
    const cut = jpg.subarray(0, Math.floor(jpg.length * 0.7))
    const res2 = await put(sha256(cut), 0, cut.length, cut)
    expect(res2.status).toBe(422)
    expect(res2.body.error.code).toBe('MEDIA_CORRUPT')
    expect(await mediaRow(sha256(cut))).toBeUndefined()
  })

  it('refuses bytes that do not match their sha-256 and discards them', async () => {
    const png = makePng(720, 1280, { seed: 7, noise: 0.12 })
    const wrongSha = sha256(Buffer.from('something else'))
    expect((await put(wrongSha, 0, png.length, png.subarray(0, 256 * KB))).status).toBe(200)
    const res = await put(wrongSha, 256 * KB, png.length, png.subarray(256 * KB))
    expect(res.status).toBe(422)
    expect(res.body.error).toMatchObject({ code: 'MEDIA_HASH_MISMATCH', message: '上传的文件与指纹不符，请重新上传' })
    expect(await status(wrongSha)).toMatchObject({ state: 'missing' })
    expect(storedFiles()).not.toContain(path.join('.partial', wrongSha))
    expect((await put(wrongSha, 0, png.length, png)).body.error.code).toBe('MEDIA_HASH_MISMATCH')
  })

  it('needs a session, a valid sha and the upload headers', async () => {
    const png = makePng(32, 32)
    const noToken = await fetch(`${server.url}/api/v1/media/${sha256(png)}/status`)
    expect(noToken.status).toBe(401)
    expect((await put('not-a-sha', 0, png.length, png)).status).toBe(400)
    const noHeaders = await fetch(`${server.url}/api/v1/media/${sha256(png)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${worker}`, 'content-type': 'application/octet-stream' },
      body: png,
    })
    expect(noHeaders.status).toBe(400)
    expect((await put(sha256(png), 10, png.length, png)).status).toBe(400) // chunk runs past Upload-Length
  })
})

describe('who may read a file', () => {
  it('lets the uploader and the right village head read it, and no one else', async () => {
    const png = makePng(720, 1280, { seed: 8, noise: 0.05 })
    const sha = sha256(png)
    expect((await put(sha, 0, png.length, png)).body.state).toBe('complete')

    const otherGridWorker = await loginAs(server.url, 'demo-t1-v01-g2')
    const villageHead = await loginAs(server.url, 'demo-t1-v01')
    const otherVillageHead = await loginAs(server.url, 'demo-t1-v02')
    const town = await loginAs(server.url, 'demo-t1')
    const otherTown = await loginAs(server.url, 'demo-t2')

    expect((await download(sha, worker)).status).toBe(200)
    for (const token of [otherGridWorker, villageHead, otherVillageHead, town, otherTown]) {
      expect((await download(sha, token)).status).toBe(403)
    }

    // A visit naming the photo is stored: now it is inside the village head's and the town's scope.
    const pull = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0', { token: worker })
    const household = pull.body.households[0].id as string
    const visit = visitRecord(household, 'met')
    ;(visit.body as { photoShas?: string[] }).photoShas = [sha]
    const push = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [visit] } })
    expect(push.body.results[0].status).toBe('stored')
    expect(await linkedBy(visit.id)).toEqual([sha]) // ingest linked the photo to the visit

    const forHead = await download(sha, villageHead)
    expect(forHead.status).toBe(200)
    expect(forHead.bytes.equals(png)).toBe(true)
    expect((await download(sha, town)).status).toBe(200)
    for (const token of [otherGridWorker, otherVillageHead, otherTown]) {
      const res = await download(sha, token)
      expect(res.status).toBe(403)
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('FORBIDDEN')
    }
  })

  it('gives the same 403 for an unknown sha, and 404 for a file a record names that has not arrived yet', async () => {
    const unknown = sha256(Buffer.from('never uploaded'))
    const res = await download(unknown, worker)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.bytes.toString()).error.code).toBe('FORBIDDEN')

    const pending = sha256(Buffer.from('still on the phone'))
    const pull = await api(server.url, 'GET', '/api/v1/sync/pull?cursor=0', { token: worker })
    const visit = visitRecord(pull.body.households[1].id as string, 'met')
    ;(visit.body as { photoShas?: string[] }).photoShas = [pending]
    expect((await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [visit] } })).body.results[0].status).toBe('stored')
    expect(await linkedBy(visit.id)).toEqual([pending])
    const waiting = await download(pending, worker)
    expect(waiting.status).toBe(404)
  })
})

it('describes the media routes in the OpenAPI document', async () => {
  const doc = (await api(server.url, 'GET', '/api/openapi.json')).body
  const put = doc.paths['/api/v1/media/{sha}'].put
  expect(Object.keys(put.requestBody.content)).toEqual(['application/octet-stream'])
  expect(put.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['sha', 'upload-offset', 'upload-length']))
  expect(doc.paths['/api/v1/media/{sha}/status'].get.responses['200']).toBeDefined()
  expect(Object.keys(doc.paths['/api/v1/media/{sha}'].get.responses['200'].content)).toEqual(['image/jpeg', 'image/png', 'image/webp'])
})

async function linkedBy(recordId: string): Promise<string[]> {
  const rows = await server.db.kysely.selectFrom('record_media').select('sha256').where('record_id', '=', recordId).execute()
  return rows.map((r) => r.sha256)
}
