// The pull cursor under concurrent writers (#12 item 4): workers keep pushing visits and installs (each push changes
// households and then residents in one transaction) while a long-lived phone pulls with its cursor in a loop, as
// the app does. At the end the phone's copy must equal what a fresh pull from the start gives: no change passed
// over by the cursor. Both databases. On PostgreSQL two servers share the database, as in a deployment of several
// processes: the writers push to one, the phone pulls from the other, whose connections to the database send a
// query on residents 50 ms late (a slow network, a busy pool): the pull's queries, on connections of their own,
// then see the database at moments apart, as they did now and then in the field, only every time.
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { chinaDate } from '../../src/core/china-time'
import { buildApp } from '../../server/src/app'
import { loadConfig } from '../../server/src/config'
import { openDatabase, type Db } from '../../server/src/db/database'
import type { Database } from '../../server/src/db/schema'
import { PhoneCipherPlugin } from '../../server/src/crypto/phone-plugin'
import { seedDemoCounty } from '../../server/src/seed/demo-county'
import { api, loginAs, SMALL_COUNTY } from '../helpers/test-server'
import { createTestDatabase, TEST_DIALECT, type TestDbHandle } from '../helpers/test-db'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(120_000)

let writeUrl: string
let pullUrl: string
let dbHandle: TestDbHandle
const dbs: Db[] = []
const apps: FastifyInstance[] = []
let mediaDir: string

/** A pg client that sends a query reading residents 50 ms late, as a slow network or a busy machine may. */
class LateResidentsClient extends pg.Client {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text
    if (typeof text === 'string' && /from "residents"/.test(text)) {
      return new Promise((r) => setTimeout(r, 50)).then(() => (super.query as (...a: unknown[]) => unknown)(...args))
    }
    return (super.query as (...a: unknown[]) => unknown)(...args)
  }
}

beforeAll(async () => {
  dbHandle = await createTestDatabase()
  const seedDb = dbHandle.open()
  await seedDemoCounty(seedDb, { ...SMALL_COUNTY, towns: 1, householdsPerGrid: [150, 150] })
  await seedDb.close()
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-media-'))
  const config = loadConfig({}, { LOG_LEVEL: 'silent', H5_DIR: '/nonexistent', SEED_DEMO: 'never', MEDIA_DIR: mediaDir })
  const startServer = async (db: Db) => {
    const app = await buildApp({ config, db })
    await app.listen({ port: 0, host: '127.0.0.1' })
    dbs.push(db)
    apps.push(app)
    return `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`
  }
  const databaseUrl = dbHandle.env.DATABASE_URL
  writeUrl = await startServer(openDatabase({ databaseUrl, sqliteFile: dbHandle.env.SQLITE_FILE }))
  pullUrl = writeUrl
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, Client: LateResidentsClient })
    // As the server's own pool does (db/database.ts): a connection the database ends (the drop at the end) is logged, not thrown.
    pool.on('error', (err) => console.warn(`PostgreSQL connection closed: ${err.message}`))
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new PhoneCipherPlugin()] })
    pullUrl = await startServer({ kysely, dialect: 'postgres', close: () => kysely.destroy() })
  }
})

afterAll(async () => {
  for (const app of apps) await app.close()
  for (const db of dbs) await db.close()
  await dbHandle.drop()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

interface Copy {
  households: Map<string, unknown>
  residents: Map<string, unknown>
}

const WRITE_MS = 8_000
const GRIDS = ['t1-v01-g1', 't1-v01-g2', 't1-v02-g1', 't1-v02-g2']
const PULLER = 'demo-t1'

let pages = 0

async function pullPage(token: string, cursor: string, limit: number) {
  pages++
  const res = await api(pullUrl, 'GET', `/api/v1/sync/pull?cursor=${cursor}&limit=${limit}`, { token })
  if (res.status !== 200) throw new Error(`pull ${res.status} ${JSON.stringify(res.body)}`)
  return res.body as { cursor: string; hasMore: boolean; households: { id: string }[]; residents: { id: string }[] }
}

/** Pulls until the server has nothing more, applying each page to `copy` as the app's local cache does. */
async function pullAll(token: string, copy: Copy, cursor: string, limit: number): Promise<string> {
  for (;;) {
    const page = await pullPage(token, cursor, limit)
    for (const h of page.households) copy.households.set(h.id, h)
    for (const r of page.residents) copy.residents.set(r.id, r)
    cursor = page.cursor
    if (!page.hasMore) return cursor
  }
}

function installRecord(householdId: string, residentId: string, doneOn: string) {
  return {
    id: newId(),
    kind: 'install',
    householdId,
    replaces: null,
    deviceId: 'test-device',
    createdAt: new Date().toISOString(),
    body: { residentId, steps: [{ step: 'installed', doneOn }], screenshotShas: [randomBytes(32).toString('hex')], notes: '' },
  }
}

/**
 * One of a grid's two workers (`half` 0 or 1): pushes a visit and an install for households of its half of the
 * grid, each household once, until `until`. A change the phone misses then stays missed: no later push of the same
 * household would bring that household to the phone again and hide the loss.
 */
async function writer(grid: string, half: number, until: number): Promise<number> {
  const token = await loginAs(writeUrl, `demo-${grid}`)
  const own: Copy = { households: new Map(), residents: new Map() }
  await pullAll(token, own, '0', 2000)
  const firstResident = new Map<string, string>()
  for (const r of own.residents.values() as Iterable<{ id: string; householdId: string }>) {
    if (!firstResident.has(r.householdId)) firstResident.set(r.householdId, r.id)
  }
  const households = [...firstResident.keys()].sort().filter((_, i) => i % 2 === half)
  let pushes = 0
  let day = 0
  while (Date.now() < until && households.length) {
    const batch = households.splice(0, 2).flatMap((h) => [
      visitRecord(h),
      installRecord(h, firstResident.get(h)!, chinaDate(Date.now() - (day++ % 300) * 86_400_000)),
    ])
    const res = await api(writeUrl, 'POST', '/api/v1/sync/push', { token, body: { records: batch } })
    expect(res.status).toBe(200)
    pushes++
  }
  return pushes
}

describe(`pull cursor with concurrent writers (${TEST_DIALECT})`, () => {
  it("a phone pulling all along ends with the same households and residents as a fresh pull", async () => {
    const token = await loginAs(pullUrl, PULLER)
    const phone: Copy = { households: new Map(), residents: new Map() }
    let cursor = await pullAll(token, phone, '0', 2000)
    const until = Date.now() + WRITE_MS
    const writing = Promise.all(GRIDS.flatMap((g) => [writer(g, 0, until), writer(g, 1, until)]))
    let done = false
    void writing.finally(() => (done = true))
    while (!done) {
      cursor = await pullAll(token, phone, cursor, 7)
    }
    const pushes = (await writing).reduce((a, b) => a + b, 0)
    const pulls = pages
    await pullAll(token, phone, cursor, 7)

    const fresh: Copy = { households: new Map(), residents: new Map() }
    await pullAll(token, fresh, '0', 2000)
    expect(pushes).toBeGreaterThan(20)
    expect(pulls).toBeGreaterThan(20)
    const differing = (a: Map<string, unknown>, b: Map<string, unknown>) =>
      [...b.keys()].filter((id) => JSON.stringify(a.get(id)) !== JSON.stringify(b.get(id)))
    expect(differing(phone.households, fresh.households)).toEqual([])
    expect(differing(phone.residents, fresh.residents)).toEqual([])
    expect(phone.households.size).toBe(fresh.households.size)
    expect(phone.residents.size).toBe(fresh.residents.size)
  })
})
