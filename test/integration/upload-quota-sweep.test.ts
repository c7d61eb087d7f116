// Unfinished uploads (#12 item 9) over real HTTP on the local disk: a per-user cap on how many and how many
// announced bytes (429 UPLOAD_QUOTA_EXCEEDED), and the sweep after UPLOAD_MAX_AGE_HOURS at start and periodically,
// leftover parts without a row included.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { makeJpeg, sha256 } from '../helpers/images'

jest.setTimeout(90_000)

interface PutAnswer {
  state?: string
  receivedBytes?: number
  error?: { code: string; details?: Record<string, unknown> }
}

const KB = 1024
const HOUR = 3_600_000
let server: TestServer
let mediaDir: string
let shift = 0
let worker: string
let other: string

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-quota-'))
  server = await startTestServer({
    now: () => Date.now() + shift,
    config: { MEDIA_DIR: mediaDir, UPLOAD_MAX_PER_USER: 3, UPLOAD_MAX_BYTES_PER_USER: 600 * KB, UPLOAD_MAX_AGE_HOURS: 72, UPLOAD_SWEEP_EVERY_MINUTES: 60 },
  })
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  other = await loginAs(server.url, 'demo-t1-v01-g2')
})
afterAll(async () => {
  await server?.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

async function put(bytes: Buffer, offset: number, end: number, token = worker) {
  const res = await fetch(`${server.url}/api/v1/media/${sha256(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': String(offset), 'upload-length': String(bytes.length) },
    body: bytes.subarray(offset, end),
  })
  return { status: res.status, body: (await res.json()) as PutAnswer }
}

const images = Array.from({ length: 6 }, (_, i) => makeJpeg(400, 300, { seed: 100 + i, noise: 0.3 }))
const partials = () => fs.readdirSync(path.join(mediaDir, '.partial')).sort()
const uploadsOf = async () => (await server.db.kysely.selectFrom('media_uploads').select('sha256').orderBy('sha256').execute()).map((r) => r.sha256)

it('caps a user’s unfinished uploads by count, with a stable code, and frees room when one finishes', async () => {
  for (const img of images.slice(0, 3)) expect((await put(img, 0, 16 * KB)).body.state).toBe('partial')
  const fourth = await put(images[3], 0, 16 * KB)
  expect(fourth.status).toBe(429)
  expect(fourth.body.error).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', details: { unfinishedUploads: 3, maxUploads: 3 } })
  // Continuing one of the three, or sending a whole file in one go, is not a new unfinished upload.
  expect((await put(images[0], 16 * KB, 32 * KB)).body.state).toBe('partial')
  // Another worker has a cap of their own.
  expect((await put(images[3], 0, 16 * KB, other)).body.state).toBe('partial')
  // Finishing one frees a place.
  expect((await put(images[1], 16 * KB, images[1].length)).body.state).toBe('complete')
  expect((await put(images[4], 0, 16 * KB)).body.state).toBe('partial')
})

it('caps the bytes a user’s unfinished uploads announce', async () => {
  const big = makeJpeg(1200, 900, { seed: 200, noise: 0.6 })
  const mine = await server.db.kysely.selectFrom('media_uploads').select('total_bytes').where('sha256', 'in', [sha256(images[0]), sha256(images[2]), sha256(images[4])]).execute()
  // Free a count place so only the bytes can refuse.
  expect((await put(images[2], 16 * KB, images[2].length)).body.state).toBe('complete')
  const held = mine.reduce((n, r) => n + r.total_bytes, 0) - images[2].length
  expect(held + big.length).toBeGreaterThan(600 * KB)
  const res = await put(big, 0, 16 * KB)
  expect(res.status).toBe(429)
  expect(res.body.error).toMatchObject({ code: 'UPLOAD_QUOTA_EXCEEDED', details: { unfinishedBytes: held, maxBytes: 600 * KB } })
})

it('sweeps unfinished uploads older than the age when a server starts, leftover parts without a row too', async () => {
  const before = await uploadsOf()
  expect(before).toHaveLength(3) // images[0], images[4] of the worker, images[3] of the other
  // A part a crash left without its row.
  fs.writeFileSync(path.join(mediaDir, '.partial', 'a'.repeat(64)), Buffer.alloc(100))
  const old = new Date(Date.now() - 80 * HOUR)
  fs.utimesSync(path.join(mediaDir, '.partial', 'a'.repeat(64)), old, old)
  // A restart now keeps every upload (none is 72 hours old yet) but sweeps the old part that has no row.
  await server.restart()
  await waitFor(async () => !partials().includes('a'.repeat(64)))
  expect(await uploadsOf()).toEqual(before)
  expect(partials()).toEqual(before)

  // 73 hours on: a restart sweeps them all, and the worker may start new uploads again.
  shift = 73 * HOUR
  await server.restart()
  await waitFor(async () => (await uploadsOf()).length === 0 && partials().length === 0)
  worker = await loginAs(server.url, 'demo-t1-v01-g1')
  expect((await put(images[5], 0, 16 * KB)).body.state).toBe('partial')
})

it('sweeps periodically in a running server', async () => {
  const periodic = await startTestServer({
    now: () => Date.now() + shift,
    config: { UPLOAD_MAX_AGE_HOURS: 1, UPLOAD_SWEEP_EVERY_MINUTES: 0.005 },
  })
  try {
    const token = await loginAs(periodic.url, 'demo-t1-v01-g1')
    const img = makeJpeg(300, 300, { seed: 300, noise: 0.3 })
    const res = await fetch(`${periodic.url}/api/v1/media/${sha256(img)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(img.length) },
      body: img.subarray(0, 8 * KB),
    })
    expect(res.status).toBe(200)
    const row = () => periodic.db.kysely.selectFrom('media_uploads').select('sha256').where('sha256', '=', sha256(img)).executeTakeFirst()
    await new Promise((r) => setTimeout(r, 1000))
    expect(await row()).toBeDefined() // swept every 300 ms, but not an hour old
    shift += 2 * HOUR
    await waitFor(async () => (await row()) === undefined)
    expect((await api(periodic.url, 'GET', `/api/v1/media/${sha256(img)}/status`, { token })).body.state).toBe('missing')
  } finally {
    await periodic.close()
  }
})

async function waitFor(ok: () => Promise<boolean>, ms = 15_000) {
  const until = Date.now() + ms
  while (!(await ok())) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 100))
  }
}
