// The fault harness (issue 12): simulated grid workers, each with the app's own sync engine, media queue and
// storage, log visits, pledges (signature uploaded), installs (screenshot uploaded) and hand-outs while the network
// between them and the server processes misbehaves (fault-proxy.ts), the processes are SIGKILLed and started again,
// and the app itself is killed between saving and sending. At the end, with the network good again, everything
// logged must be stored exactly once, every file uploaded whole, and every dashboard figure equal to a recount.
// The integration test runs it small; bench/fault-harness.ts runs it at full size.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { LocalCache } from '../../src/core/sync/local-cache'
import { MediaQueue } from '../../src/core/sync/media-queue'
import { Outbox } from '../../src/core/sync/outbox'
import { checkedRecord } from '../../src/core/sync/record-check'
import { SyncEngine } from '../../src/core/sync/engine'
import { NetworkError, type HttpRequest, type HttpResponse, type KeyValueStorage } from '../../src/core/sync/ports'
import type { FieldRecordInput } from '../../src/core/schemas/record'
import { VISIT_OUTCOMES } from '../../src/core/schemas/visit'
import type { CoverageRow } from '../../src/core/schemas/coverage'
import { createPrng, type Prng } from '../../server/src/seed/prng'
import { seedDemoCounty, type SeedOptions } from '../../server/src/seed/demo-county'
import { createTestDatabase, type TestDbHandle } from './test-db'
import { startFaultProxy, type Fault } from './fault-proxy'
import { startKillableServer, type KillableServer } from './server-processes'
import { FetchHttp, MemoryStorage } from './node-ports'
import { makeJpeg, makePng } from './images'
import { PhoneFiles } from './phone-files'
import { newId } from './records'
import { loginAs } from './test-server'
import { pickFigures, recount, type Figures } from './recount'

export interface HarnessOptions {
  seed: number
  workers: number
  recordsPerWorker: number
  processes: number
  /** Server processes SIGKILLed (and started again) during the run. */
  kills: number
  /** App restarts per worker (the phone's objects dropped mid-work and made again from its storage). */
  appRestarts: number
}

export interface HarnessResult {
  records: number
  files: number
  byKind: Record<string, number>
  faults: Record<Fault, number>
  kills: number
  appRestarts: number
  seconds: number
  /** Problems found at the end; empty when the run held. */
  problems: string[]
}

const COUNTY: SeedOptions = { seed: 12, towns: 2, villagesPerTown: [2, 3], gridsPerVillage: [2, 3], householdsPerGrid: [25, 35] }

/** The phone's storage as one app run sees it: once that run is killed, its late writes and requests go nowhere. */
class AppRun {
  alive = true
  readonly storage: KeyValueStorage
  readonly http: FetchHttp
  constructor(disk: MemoryStorage, base: string) {
    const isAlive = () => this.alive
    this.storage = {
      get: (k) => disk.get(k),
      keys: () => disk.keys(),
      usage: () => disk.usage(),
      set: async (k, v) => {
        if (!isAlive()) throw new Error('app was killed')
        await disk.set(k, v)
      },
      remove: async (k) => {
        if (!isAlive()) throw new Error('app was killed')
        await disk.remove(k)
      },
    }
    this.http = new (class extends FetchHttp {
      async request(req: HttpRequest): Promise<HttpResponse> {
        if (!isAlive()) throw new NetworkError('app was killed')
        const res = await super.request(req)
        if (!isAlive()) throw new NetworkError('app was killed')
        return res
      }
    })(base)
  }
}

interface Phone {
  code: string
  disk: MemoryStorage
  files: PhoneFiles
  run: AppRun
  outbox: Outbox
  cache: LocalCache
  engine: SyncEngine
  media: MediaQueue
  token: string
  logged: FieldRecordInput[]
  pledgedResidents: Set<string>
  installedResidents: Set<string>
}

export async function runFaultHarness(opts: HarnessOptions): Promise<HarnessResult> {
  const started = performance.now()
  const rnd = createPrng(opts.seed)
  const db = await createTestDatabase()
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-fault-media-'))
  const seedDb = db.open()
  const { logins } = await seedDemoCounty(seedDb, COUNTY)
  await seedDb.close()
  const env = { ...(db.env.DATABASE_URL ? { DATABASE_URL: db.env.DATABASE_URL } : { SQLITE_FILE: db.env.SQLITE_FILE }), MEDIA_DIR: mediaDir }
  const servers: KillableServer[] = []
  try {
    for (let i = 0; i < opts.processes; i++) servers.push(await startKillableServer(env))
    const proxy = await startFaultProxy(() => servers.map((s) => s.port), createPrng(opts.seed + 1))
    try {
      const workerCodes = logins.filter((l) => l.role === 'worker').map((l) => l.code)
      const codes = Array.from({ length: opts.workers }, (_, i) => workerCodes[i % workerCodes.length])
      const phones: Phone[] = []
      for (const code of codes) phones.push(await newPhone(code, proxy.url, servers[0].port))
      let kills = 0
      let appRestarts = 0
      const killer = killServers(servers, opts.kills, rnd, () => kills++)
      // Workers log at a pace that spreads their records over the kills, while their phones keep trying to sync
      // (as the app does after each save and on its retry timer): most requests meet the faults.
      const paceMs = Math.round((opts.kills * KILL_CYCLE_MS) / opts.recordsPerWorker)
      let working = true
      const syncing = phones.map(async (phone) => {
        while (working) {
          await syncQuietly(phone)
          await sleep(rnd.int(100, 400))
        }
      })
      await Promise.all(
        phones.map(async (phone) => {
          const restartAt = new Set(Array.from({ length: opts.appRestarts }, () => rnd.int(1, opts.recordsPerWorker - 1)))
          for (let i = 0; i < opts.recordsPerWorker; i++) {
            await logOne(phone, rnd)
            if (restartAt.has(i)) {
              restartApp(phone, proxy.url)
              appRestarts++
            }
            await sleep(rnd.int(0, 2 * paceMs))
          }
        }),
      )
      await killer
      working = false
      await Promise.all(syncing)
      proxy.faulty = false
      for (const s of servers) if (!s.up) await s.start()
      for (const phone of phones) restartApp(phone, proxy.url) // a clean start: no sync of a killed run still going
      await Promise.all(phones.map((phone) => settle(phone)))
      const problems = await check(db, phones, mediaDir, servers[0].port, logins.find((l) => l.role === 'county_admin')!.code)
      const all = phones.flatMap((p) => p.logged)
      const byKind: Record<string, number> = {}
      for (const r of all) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1
      return {
        records: all.length,
        files: phones.reduce((n, p) => n + p.files.files.size, 0),
        byKind,
        faults: { ...proxy.counts },
        kills,
        appRestarts,
        seconds: (performance.now() - started) / 1000,
        problems,
      }
    } finally {
      await proxy.close()
    }
  } finally {
    for (const s of servers) await s.kill()
    await db.drop()
    fs.rmSync(mediaDir, { recursive: true, force: true })
  }
}

async function newPhone(code: string, proxyUrl: string, directPort: number): Promise<Phone> {
  const token = await loginAs(`http://127.0.0.1:${directPort}`, code)
  const phone = { code, disk: new MemoryStorage(50 * 1024, 2 * 1024), files: new PhoneFiles(), token, logged: [], pledgedResidents: new Set(), installedResidents: new Set() } as unknown as Phone
  restartApp(phone, proxyUrl)
  // The first pull goes straight to the server: the harness is about what happens after the grid is on the phone.
  const first = new AppRun(phone.disk, `http://127.0.0.1:${directPort}`)
  const engine = new SyncEngine({ outbox: phone.outbox, cache: phone.cache, http: first.http, token: () => token, now: Date.now })
  const state = await engine.sync('start')
  if (state.lastError) throw new Error(`first sync of ${code}: ${state.lastError.message}`)
  return phone
}

/** The app is killed and opened again: new objects over the same storage and files; the old run can write nothing more. */
function restartApp(phone: Phone, proxyUrl: string): void {
  if (phone.run) phone.run.alive = false
  const run = new AppRun(phone.disk, proxyUrl)
  const outbox = new Outbox(run.storage, phone.code)
  const cache = new LocalCache(run.storage, phone.code)
  const deps = { http: run.http, token: () => phone.token, now: Date.now }
  Object.assign(phone, {
    run,
    outbox,
    cache,
    engine: new SyncEngine({ ...deps, outbox, cache, batchSize: 25, setTimer: () => () => undefined }),
    media: new MediaQueue({ ...deps, storage: run.storage, ownerId: phone.code, files: phone.files, chunkBytes: 16 * 1024 }),
  })
}

/** One sync and media drain of the app run now open; failures are the faults at work and are left to the next try. */
async function syncQuietly(phone: Phone): Promise<void> {
  const { engine, media } = phone
  await engine.sync('record').catch(() => undefined)
  await media.drain().catch(() => undefined)
}

/** With the network good again: sync until the outbox and the media queue are empty (bounded, so a stuck one fails). */
async function settle(phone: Phone): Promise<void> {
  await phone.cache.load()
  for (let round = 0; round < 20; round++) {
    const state = await phone.engine.sync('manual')
    const drained = await phone.media.drain()
    if (state.pending === 0 && !state.lastError && (await phone.media.pendingCount()) === 0 && drained.failed === 0) return
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** One record as a worker makes it: mostly visits, then pledges, installs and hand-outs, some corrected later. */
async function logOne(phone: Phone, rnd: Prng): Promise<void> {
  const { cache, files, media } = phone
  await cache.load()
  const household = rnd.pick(cache.listHouseholds())
  const members = cache.residentsOf(household.id)
  const now = new Date().toISOString()
  const base = { id: newId(), householdId: household.id, replaces: null, deviceId: `phone-${phone.code}`, createdAt: now }
  const kind = rnd.weighted([
    ['visit', 60],
    ['pledge', 12],
    ['install', 12],
    ['handout', 8],
    ['correction', 8],
  ] as const)
  let record: FieldRecordInput | null = null
  if (kind === 'visit') {
    const outcome = rnd.pick(VISIT_OUTCOMES)
    record = { ...base, kind: 'visit', body: { outcome, peopleMet: outcome === 'met' ? 2 : 0, residentIds: [], notes: '', visitedAt: now, location: null } } as FieldRecordInput
  } else if (kind === 'pledge') {
    const who = members.find((m) => !phone.pledgedResidents.has(m.id))
    const template = cache.templates()[0]
    if (who && template) {
      phone.pledgedResidents.add(who.id)
      const signatureSha = files.add(makePng(240, 90, { seed: rnd.int(1, 1e9), noise: 0.05 }))
      await media.enqueue(signatureSha, 'image/png')
      record = { ...base, kind: 'pledge', body: { templateId: template.id, templateHash: template.contentHash, signerName: who.name, residentId: who.id, signatureSha, signedAt: now, channel: 'worker_device' } } as FieldRecordInput
    }
  } else if (kind === 'install') {
    const who = members.find((m) => !phone.installedResidents.has(m.id))
    if (who) {
      phone.installedResidents.add(who.id)
      const shot = files.add(makeJpeg(180, 320, { seed: rnd.int(1, 1e9), noise: 0.2 }))
      await media.enqueue(shot, 'image/jpeg')
      const day = now.slice(0, 10)
      const steps = (['installed', 'real_name', 'warning_on'] as const).slice(0, rnd.int(1, 3)).map((step) => ({ step, doneOn: day }))
      record = { ...base, kind: 'install', body: { residentId: who.id, steps, screenshotShas: [shot], notes: '' } } as FieldRecordInput
    }
  } else if (kind === 'handout') {
    const material = cache.materials().find((m) => !m.needsReceipt)
    if (material) {
      record = { ...base, kind: 'handout', body: { items: [{ materialId: material.id, quantity: rnd.int(1, 3) }], recipientName: '', residentId: null, receiptSignatureSha: null, handedAt: now } } as FieldRecordInput
    }
  } else {
    // A correction of one of this worker's own visits: same household and kind, made later on the same phone.
    const target = phone.logged.filter((r) => r.kind === 'visit' && !phone.logged.some((x) => x.replaces === r.id)).at(-1)
    if (target) record = { ...target, id: newId(), replaces: target.id, createdAt: now, body: { ...(target.body as object), outcome: 'met', peopleMet: 1, notes: '更正' } } as FieldRecordInput
  }
  record ??= { ...base, kind: 'visit', body: { outcome: 'not_home', peopleMet: 0, residentIds: [], notes: '', visitedAt: now, location: null } } as FieldRecordInput
  await phone.outbox.add(checkedRecord(record), Date.now())
  phone.logged.push(record)
}

/** Roughly how long one kill takes: the wait before it, the time down, and a start-up. */
const KILL_CYCLE_MS = 8000

/** Kills a random process now and then during the run, starting it again a moment later. */
async function killServers(servers: KillableServer[], kills: number, rnd: Prng, count: () => void): Promise<void> {
  for (let i = 0; i < kills; i++) {
    await sleep(rnd.int(1500, 4000))
    const victim = rnd.pick(servers)
    await victim.kill()
    count()
    await sleep(rnd.int(200, 1500))
    await victim.start()
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function check(db: TestDbHandle, phones: Phone[], mediaDir: string, port: number, countyCode: string): Promise<string[]> {
  const problems: string[] = []
  const conn = db.open()
  try {
    const k = conn.kysely
    for (const phone of phones) {
      const items = await phone.outbox.list()
      const left = items.filter((i) => i.state !== 'synced')
      if (left.length) problems.push(`${phone.code}: ${left.length} records still on the phone (${left.map((i) => `${i.state}:${i.code ?? ''} ${i.message ?? ''}`).slice(0, 3).join(', ')})`)
      const mediaLeft = (await phone.media.pendingCount()) + (await phone.media.failures()).length
      if (mediaLeft) problems.push(`${phone.code}: ${mediaLeft} files not uploaded`)
    }
    const logged = phones.flatMap((p) => p.logged)
    const stored = await k.selectFrom('records').select(['id', 'body_hash']).where('device_id', 'like', 'phone-%').execute()
    const storedIds = new Set(stored.map((r) => r.id))
    if (stored.length !== storedIds.size) problems.push(`${stored.length - storedIds.size} records stored twice`)
    const lost = logged.filter((r) => !storedIds.has(r.id))
    if (lost.length) problems.push(`${lost.length} records lost, e.g. ${lost[0].kind} ${lost[0].id}`)
    const extra = stored.length - logged.filter((r) => storedIds.has(r.id)).length
    if (extra) problems.push(`${extra} records stored that no phone logged`)

    const shas = phones.flatMap((p) => [...p.files.files.entries()])
    const media = new Map((await k.selectFrom('media').select(['sha256', 'bytes']).execute()).map((m) => [m.sha256, Number(m.bytes)]))
    for (const [sha, bytes] of shas) {
      if (media.get(sha) !== bytes.length) {
        problems.push(`file ${sha.slice(0, 8)}… not stored whole (${media.get(sha) ?? 'missing'} of ${bytes.length} bytes)`)
        continue
      }
      const file = path.join(mediaDir, sha.slice(0, 2), sha.slice(2, 4), sha)
      const onDisk = fs.existsSync(file) ? createHash('sha256').update(fs.readFileSync(file)).digest('hex') : 'missing'
      if (onDisk !== sha) problems.push(`file ${sha.slice(0, 8)}… on disk is ${onDisk.slice(0, 8)}`)
    }

    problems.push(...(await dashboardProblems(k, port, countyCode)))
  } finally {
    await conn.close()
  }
  return problems
}

/** Every coverage row from the county down to each grid against the recount from raw rows. */
async function dashboardProblems(k: Parameters<typeof recount>[0], port: number, countyCode: string): Promise<string[]> {
  const base = `http://127.0.0.1:${port}`
  const token = await loginAs(base, countyCode)
  const truth = await recount(k)
  const problems: string[] = []
  const queue: (string | undefined)[] = [undefined]
  while (queue.length) {
    const areaId = queue.shift()
    const res = await fetch(`${base}/api/v1/coverage${areaId ? `?areaId=${areaId}` : ''}`, { headers: { authorization: `Bearer ${token}` } })
    const body = (await res.json()) as { area: CoverageRow; rows: CoverageRow[] }
    for (const row of areaId ? body.rows : [body.area, ...body.rows]) {
      const shown: Figures = pickFigures(row)
      const counted = truth(row.areaId, row.level)
      if (sorted(shown) !== sorted(counted)) problems.push(`${row.areaId}: dashboard ${JSON.stringify(shown)} ≠ recount ${JSON.stringify(counted)}`)
      if (row.level !== 'grid') queue.push(row.areaId)
    }
  }
  return problems
}

/** JSON with keys in order: the dashboard's hand-out totals and the recount's may list materials differently. */
function sorted(figures: Figures): string {
  return JSON.stringify({ ...figures, handouts: Object.fromEntries(Object.entries(figures.handouts).sort()) })
}
