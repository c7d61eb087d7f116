// Media on an S3-compatible object store (MEDIA_STORE=s3) over real HTTP, against an s3rver this test starts:
// a chunked upload kept as parts and then one object, status, download byte for byte, the roster zip streamed
// from the store, the sweep of an unfinished upload; nothing is written to the local media folder.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { startLocalS3, type LocalS3 } from '../helpers/s3-server'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { newId } from '../helpers/records'
import { unzip } from '../helpers/unzip'
import { sweepUploads } from '../../server/src/services/upload-sweep'
import { openBlobStore } from '../../server/src/blob/open-store'
import { loadConfig } from '../../server/src/config'

jest.setTimeout(90_000)

interface PutAnswer {
  state?: string
  receivedBytes?: number
  error?: { code: string; details?: Record<string, unknown> }
}

const KB = 1024
const WEEK = '2026-11-25'
let s3: LocalS3
let server: TestServer
let mediaDir: string
let worker: string

beforeAll(async () => {
  s3 = await startLocalS3()
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-unused-'))
  server = await startTestServer({ config: { ...s3.config, MEDIA_DIR: mediaDir } })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
})
afterAll(async () => {
  await server?.close()
  await s3?.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

async function put(sha: string, offset: number, total: number, chunk: Uint8Array, token = worker) {
  const res = await fetch(`${server.url}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/octet-stream',
      'upload-offset': String(offset),
      'upload-length': String(total),
    },
    body: chunk,
  })
  return { status: res.status, body: (await res.json()) as PutAnswer }
}

const status = async (sha: string) => (await api(server.url, 'GET', `/api/v1/media/${sha}/status`, { token: worker })).body

async function download(url: string, token: string) {
  const res = await fetch(`${server.url}${url}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

it('keeps a chunked upload as parts in the bucket, then as one object, and serves it byte for byte', async () => {
  const png = makePng(720, 1280, { seed: 11, noise: 0.2 })
  const sha = sha256(png)
  expect(png.length).toBeGreaterThan(300 * KB)
  expect(await put(sha, 0, png.length, png.subarray(0, 256 * KB))).toEqual({ status: 200, body: { state: 'partial', receivedBytes: 256 * KB } })
  expect(await s3.keys()).toEqual([`partial/${sha}/0000000000`])
  expect(await status(sha)).toEqual({ sha256: sha, state: 'partial', receivedBytes: 256 * KB, totalBytes: png.length })
  // The same chunk again (its answer was lost): acknowledged, not stored twice.
  expect(await put(sha, 0, png.length, png.subarray(0, 256 * KB))).toEqual({ status: 200, body: { state: 'partial', receivedBytes: 256 * KB } })
  // A gap is refused with how far the store really is.
  expect((await put(sha, 300 * KB, png.length, png.subarray(300 * KB))).body.error).toMatchObject({ code: 'MEDIA_OFFSET_MISMATCH', details: { receivedBytes: 256 * KB } })

  expect(await put(sha, 256 * KB, png.length, png.subarray(256 * KB))).toEqual({ status: 200, body: { state: 'complete', receivedBytes: png.length } })
  expect(await s3.keys()).toEqual([`media/${sha.slice(0, 2)}/${sha.slice(2, 4)}/${sha}`])
  expect(await status(sha)).toEqual({ sha256: sha, state: 'complete', receivedBytes: png.length, totalBytes: png.length })

  const got = await download(`/api/v1/media/${sha}`, worker)
  expect(got.status).toBe(200)
  expect(got.headers.get('content-type')).toBe('image/png')
  expect(got.bytes.equals(png)).toBe(true)
  // Nothing went to the local disk.
  expect(fs.readdirSync(mediaDir)).toEqual([])
})

it('streams the roster zip’s screenshots from the bucket', async () => {
  const resident = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id', 'name'])
    .where('grid_id', '=', 't1-v01-g1')
    .where('phone', 'is not', null)
    .where('birth_year', '>=', 2026 - 60)
    .where('birth_year', '<=', 2026 - 16)
    .orderBy('id')
    .executeTakeFirstOrThrow()
  const shots = [makeJpeg(120, 200, { seed: 21 }), makePng(90, 160, { seed: 22 })]
  for (const shot of shots) expect((await put(sha256(shot), 0, shot.length, shot)).status).toBe(200)
  const record = {
    id: newId(),
    kind: 'install',
    householdId: resident.household_id,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { residentId: resident.id, steps: [{ step: 'installed', doneOn: '2026-11-24' }], screenshotShas: shots.map((s) => sha256(s)), notes: '' },
  }
  const pushed = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records: [record] } })
  expect(pushed.body.results.map((r: { status: string }) => r.status)).toEqual(['stored'])

  const head = await loginAs(server.url, 'demo-t1-v01')
  const res = await download(`/api/v1/exports/roster-screenshots.zip?week=${WEEK}`, head)
  expect(res.status).toBe(200)
  const zip = await unzip(res.bytes)
  expect(zip.get(`0001_${resident.name}_1.jpg`)!.equals(shots[0])).toBe(true)
  expect(zip.get(`0001_${resident.name}_2.png`)!.equals(shots[1])).toBe(true)
  expect(fs.readdirSync(mediaDir)).toEqual([])
})

it('sweeps an unfinished upload from the bucket once it is older than the configured age, and only then', async () => {
  const jpeg = makeJpeg(640, 480, { seed: 31, noise: 0.3 })
  const sha = sha256(jpeg)
  expect((await put(sha, 0, jpeg.length, jpeg.subarray(0, 64 * KB))).body).toEqual({ state: 'partial', receivedBytes: 64 * KB })
  const blobs = await openBlobStore(loadConfig({}, { ...s3.config }))
  const hour = 3_600_000
  // Younger than the age: kept.
  expect(await sweepUploads({ db: server.db, blobs }, Date.now(), 72 * hour)).toEqual({ uploads: 0, orphanParts: 0 })
  expect(await s3.keys('partial/')).toEqual([`partial/${sha}/0000000000`])
  // 73 hours later: the row and its part are gone, and the phone is told to start again from 0.
  expect(await sweepUploads({ db: server.db, blobs }, Date.now() + 73 * hour, 72 * hour)).toEqual({ uploads: 1, orphanParts: 0 })
  expect(await s3.keys('partial/')).toEqual([])
  expect(await status(sha)).toMatchObject({ state: 'missing', receivedBytes: 0 })
  expect((await put(sha, 64 * KB, jpeg.length, jpeg.subarray(64 * KB))).body.error).toMatchObject({ code: 'MEDIA_OFFSET_MISMATCH', details: { receivedBytes: 0 } })
  expect((await put(sha, 0, jpeg.length, jpeg)).body).toEqual({ state: 'complete', receivedBytes: jpeg.length })
})
