// Several stateless server processes on one PostgreSQL (#12 scale-out): two real server processes (server/src/main.ts,
// as deployed) share a database and an S3-compatible media store (an s3rver this test starts; each process has a
// media folder of its own, which stays empty, as on two machines), and every request goes to one of them at random. Login lockout,
// the public signing limit, uploads (begun on one, finished on the other, and the same chunk raced to both), the
// weekly ranking (made once) and the sweep of unfinished uploads hold as with one process; no answer is a 5xx.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chinaWeekStart } from '../../src/core/china-time'
import { seedDemoCounty } from '../../server/src/seed/demo-county'
import { SIGN_LIMITS } from '../../server/src/routes/public-sign'
import { THROTTLE } from '../../server/src/services/login-throttle'
import type { Db } from '../../server/src/db/database'
import { createTestDatabase, TEST_DIALECT, type TestDbHandle } from '../helpers/test-db'
import { SMALL_COUNTY } from '../helpers/test-server'
import { startServerProcess, type ServerProcess } from '../helpers/server-process'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { startLocalS3, type LocalS3 } from '../helpers/s3-server'

jest.setTimeout(180_000)

const KB = 1024
const maybe = TEST_DIALECT === 'postgres' ? describe : describe.skip
let handle: TestDbHandle
let db: Db
let mediaDir: string
let s3: LocalS3
let servers: ServerProcess[] = []
const statuses: Array<{ url: string; status: number }> = []

interface Answer {
  token?: string
  state?: string
  receivedBytes?: number
  error?: { code: string }
}

const pick = () => servers[Math.floor(Math.random() * servers.length)]

async function call(server: ServerProcess, method: string, url: string, init: { token?: string; json?: unknown; headers?: Record<string, string>; body?: Uint8Array } = {}) {
  const res = await fetch(server.url + url, {
    method,
    headers: {
      ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      ...init.headers,
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
  statuses.push({ url, status: res.status })
  const bytes = Buffer.from(await res.arrayBuffer())
  const json = (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(bytes.toString('utf8')) as Answer) : {}
  return { status: res.status, json, bytes }
}

async function login(code: string): Promise<string> {
  const res = await call(pick(), 'POST', '/api/v1/auth/login', { json: { code } })
  expect(res.status).toBe(200)
  return res.json.token!
}

function put(server: ServerProcess, token: string, bytes: Buffer, offset: number, end: number) {
  return call(server, 'PUT', `/api/v1/media/${sha256(bytes)}`, {
    token,
    headers: { 'content-type': 'application/octet-stream', 'upload-offset': String(offset), 'upload-length': String(bytes.length) },
    body: bytes.subarray(offset, end),
  })
}

maybe('two server processes on one PostgreSQL database', () => {
  beforeAll(async () => {
    handle = await createTestDatabase()
    db = handle.open()
    await seedDemoCounty(db, SMALL_COUNTY)
    mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-two-'))
    s3 = await startLocalS3()
    const env = {
      ...handle.env,
      ...s3.env,
      // The ranking is due at once, whatever the day: Monday 00:00 of this China week has always passed.
      RANKING_WEEKDAY: '1',
      RANKING_HOUR: '0',
      RANKING_CHECK_MS: '200',
      UPLOAD_MAX_AGE_HOURS: '1',
      UPLOAD_SWEEP_EVERY_MINUTES: '0.005',
    }
    servers = await Promise.all(['a', 'b'].map((m) => startServerProcess({ ...env, MEDIA_DIR: path.join(mediaDir, m) })))
  })

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()))
    await db?.close()
    await handle?.drop()
    await s3?.close()
    if (mediaDir) fs.rmSync(mediaDir, { recursive: true, force: true })
  })

  afterEach(() => {
    const failed = statuses.filter((s) => s.status >= 500)
    statuses.length = 0
    expect(failed).toEqual([])
  })

  it('locks a login code after its failures on either process, on both', async () => {
    for (let i = 0; i < THROTTLE.perCode - 1; i++) {
      expect((await call(pick(), 'POST', '/api/v1/auth/login', { json: { code: 'wrong-code-77' } })).json.error?.code).toBe('LOGIN_CODE_INVALID')
    }
    const last = await call(pick(), 'POST', '/api/v1/auth/login', { json: { code: 'wrong-code-77' } })
    expect(last.status).toBe(429)
    for (const s of servers) expect((await call(s, 'POST', '/api/v1/auth/login', { json: { code: 'wrong-code-77' } })).json.error?.code).toBe('LOGIN_LOCKED')
  })

  it('counts the public signing limit of a link across both processes', async () => {
    for (let i = 0; i < SIGN_LIMITS.perLink; i++) {
      expect((await call(pick(), 'POST', '/api/v1/public/sign/two-proc-link', { json: { signerName: '测试', signaturePng: 'AAAA' } })).status).not.toBe(429)
    }
    for (const s of servers) {
      expect((await call(s, 'POST', '/api/v1/public/sign/two-proc-link', { json: { signerName: '测试', signaturePng: 'AAAA' } })).json.error?.code).toBe('RATE_LIMITED')
    }
  })

  it('finishes on one process an upload begun on the other, and serves it from both', async () => {
    const token = await login('demo-t1-v01-g1')
    const png = makePng(640, 960, { seed: 41, noise: 0.2 })
    expect((await put(servers[0], token, png, 0, 128 * KB)).json).toEqual({ state: 'partial', receivedBytes: 128 * KB })
    expect((await call(servers[1], 'GET', `/api/v1/media/${sha256(png)}/status`, { token })).json).toMatchObject({ state: 'partial', receivedBytes: 128 * KB })
    expect((await put(servers[1], token, png, 128 * KB, png.length)).json).toEqual({ state: 'complete', receivedBytes: png.length })
    for (const s of servers) expect((await call(s, 'GET', `/api/v1/media/${sha256(png)}`, { token })).bytes.equals(png)).toBe(true)
  })

  it('keeps an upload whole when the same chunks reach both processes at once (a resend racing the original)', async () => {
    const token = await login('demo-t1-v01-g2')
    for (let seed = 0; seed < 6; seed++) {
      const jpeg = makeJpeg(500, 700, { seed: 500 + seed, noise: 0.5 })
      const cut = 64 * KB
      const first = await Promise.all(servers.map((s) => put(s, token, jpeg, 0, cut)))
      for (const r of first) expect(r.status === 200 || r.json.error?.code === 'MEDIA_OFFSET_MISMATCH').toBe(true)
      const rest = await Promise.all(servers.map((s) => put(s, token, jpeg, cut, jpeg.length)))
      for (const r of rest) expect(r.status === 200 || r.json.error?.code === 'MEDIA_OFFSET_MISMATCH').toBe(true)
      const status = await call(pick(), 'GET', `/api/v1/media/${sha256(jpeg)}/status`, { token })
      expect(status.json).toMatchObject({ state: 'complete', receivedBytes: jpeg.length })
      expect((await call(pick(), 'GET', `/api/v1/media/${sha256(jpeg)}`, { token })).bytes.equals(jpeg)).toBe(true)
    }
  })

  it('sweeps an unfinished upload once, whichever process gets to it', async () => {
    const token = await login('demo-t1-v02-g1')
    const jpeg = makeJpeg(400, 400, { seed: 900, noise: 0.4 })
    expect((await put(pick(), token, jpeg, 0, 16 * KB)).json).toEqual({ state: 'partial', receivedBytes: 16 * KB })
    const parts = () => s3.keys(`partial/${sha256(jpeg)}/`)
    expect(await parts()).toHaveLength(1)
    // Two hours without a byte (the age is one hour).
    await db.kysely.updateTable('media_uploads').set({ updated_at: Date.now() - 2 * 3_600_000 }).where('sha256', '=', sha256(jpeg)).execute()
    for (let waited = 0; (await parts()).length && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    expect(await parts()).toEqual([])
    expect(await db.kysely.selectFrom('media_uploads').select('sha256').where('sha256', '=', sha256(jpeg)).execute()).toEqual([])
    for (const s of servers) expect(s.output()).not.toContain('清理未传完的上传失败')
    // Nothing of the media went to either process's own disk.
    for (const m of ['a', 'b']) expect(fs.existsSync(path.join(mediaDir, m)) ? fs.readdirSync(path.join(mediaDir, m)) : []).toEqual([])
  })

  it('makes each week’s ranking once, not once per process', async () => {
    const lastWeek = chinaWeekStart(Date.now()) - 7 * 86_400_000
    const firstWeek = Math.max(chinaWeekStart(Date.UTC(2026, 10, 1) - 8 * 3_600_000), lastWeek - 25 * 7 * 86_400_000)
    const weeks = (lastWeek - firstWeek) / (7 * 86_400_000) + 1
    for (let waited = 0; waited < 90_000; waited += 250) {
      const done = await db.kysely.selectFrom('job_runs').select('job').where('finished_at', 'is not', null).execute()
      if (done.length >= weeks) break
      await new Promise((r) => setTimeout(r, 250))
    }
    // Both processes check every 200 ms: give them many more chances to run a week twice.
    await new Promise((r) => setTimeout(r, 2000))
    const runs = await db.kysely.selectFrom('job_runs').selectAll().execute()
    expect(runs).toHaveLength(weeks)
    const rankings = await db.kysely.selectFrom('rankings').select(['area_id', 'week_start']).execute()
    const keys = rankings.map((r) => `${r.area_id}@${r.week_start}`)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(rankings.map((r) => Number(r.week_start))).size).toBe(weeks)
  })
})
