// Morning rush (issue 12): at an 8 o'clock roll-call, N grid workers whose phones already hold their grid open the
// app within a few seconds of each other: each logs in, pulls with its cursor, pushes 20 visits (gzipped, as the app
// sends them) and uploads 2 screenshots (status, then the whole file in one PUT). Reports the latency of every
// request kind (p50/p95/p99), each phone's total, errors, and server and database CPU per phone and per request
// kind (measured afterwards in separate bursts of each kind).
//
//   npx tsx bench/morning-rush.ts [--phones 1000] [--window 10] [--processes 2] [--sqlite] [--keep]
//
// PostgreSQL by default, with --processes compiled server processes on the one database; the client spreads
// requests over them at random, as a load balancer would. --sqlite runs one process on SQLite. Phones start at
// uniformly random moments within --window seconds. The client runs in this process on the same machine, so on
// 2 cores it competes with the server for CPU: the CPU figures are read from /proc for the server processes and
// for the PostgreSQL backends serving this database only.
import fs from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { encodeJsonBody } from '../src/core/sync/wire'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { createPrng, type Prng } from '../server/src/seed/prng'
import { makeJpeg, sha256 } from '../test/helpers/images'
import { startChildServer, type ChildServer } from './child-server'
import { OUTCOME_WEIGHTS, fail, freshTarget, keepTempFiles, loadLine, machineLine, newRecordId, openMigrated, openTarget, parseFlags, percentile, runMain, visitBody } from './lib'

const USAGE = 'usage: npx tsx bench/morning-rush.ts [--phones 1000] [--window 10] [--processes 2] [--sqlite] [--keep]'
const KINDS = ['login', 'pull', 'push', 'status', 'upload'] as const
type Kind = (typeof KINDS)[number]
const CLK_TCK = 100

interface Phone {
  code: string
  households: { id: string; residentIds: string[] }[]
  cursor: string
  shots: Buffer[]
}

interface Timing {
  kind: Kind
  ms: number
  ok: boolean
}

async function main() {
  const flags = parseFlags(process.argv.slice(2), { phones: 1000, window: 10, processes: 2, sqlite: false, keep: false }, USAGE)
  if (flags.keep) keepTempFiles()
  const kind = flags.sqlite ? 'sqlite' : 'postgres'
  const processes = flags.sqlite ? 1 : flags.processes
  const target = await freshTarget(kind, 'rush')
  const mediaDir = fs.mkdtempSync(path.join(path.dirname(target.sqliteFile || '/tmp/x'), 'rush-media-'))
  const db = await openMigrated(target)
  const gridsPerVillage = Math.max(1, Math.ceil(flags.phones / 100))
  const seeded = await seedDemoCounty(db, { seed: 8, towns: 10, villagesPerTown: [10, 10], gridsPerVillage: [gridsPerVillage, gridsPerVillage], householdsPerGrid: [30, 40] })
  await db.close()
  const codes = seeded.logins.filter((l) => l.role === 'worker').map((l) => l.code).slice(0, flags.phones)
  if (codes.length < flags.phones) fail(`only ${codes.length} workers seeded`)
  console.log(`seeded ${seeded.counts.grids} grids, ${seeded.counts.households} households; starting ${processes} ${kind} server process(es)`)

  const servers: ChildServer[] = []
  for (let i = 0; i < processes; i++) servers.push(await startChildServer(target, mediaDir))
  const rnd = createPrng(20261130)
  const url = () => rnd.pick(servers).url

  // Untimed: every phone's first pull, so in the rush it holds its grid and pulls only what changed.
  const phones = await mapLimit(codes, 8, (code) => preparePhone(url(), code, rnd))
  const shotBytes = phones[0].shots[0].length
  const jobsS = await jobsSettled(target)

  const serverPids = servers.map((s) => s.pid)
  const dbBefore = kind === 'postgres' ? await backendPids(target.databaseUrl!) : []
  const cpu0 = cpuSeconds([...serverPids, ...dbBefore])
  const timings: Timing[] = []
  const totals: number[] = []
  const started = performance.now()
  await Promise.all(
    phones.map(async (phone) => {
      await sleep(rnd.next() * flags.window * 1000)
      const t = performance.now()
      await rushOne(phone, url, rnd, timings)
      totals.push(performance.now() - t)
    }),
  )
  const wallS = (performance.now() - started) / 1000
  const dbAfter = kind === 'postgres' ? await backendPids(target.databaseUrl!) : []
  const dbPids = [...new Set([...dbBefore, ...dbAfter])]
  const cpu1 = cpuSeconds([...serverPids, ...dbPids])
  const serverCpu = cpuBetween(cpu0, cpu1, serverPids)
  const dbCpu = cpuBetween(cpu0, cpu1, dbPids)

  const breakdown = await cpuPerKind(phones.slice(0, Math.min(200, phones.length)), servers, target, kind, rnd)

  const errors = timings.filter((t) => !t.ok)
  const p = (values: number[], q: number) => percentile(values, q).toFixed(0).padStart(6)
  console.log('RESULT morning-rush')
  console.log(`  ${machineLine()}; ${loadLine()}`)
  console.log(`  ${flags.phones} phones within ${flags.window} s against ${processes} ${kind === 'postgres' ? 'PostgreSQL' : 'SQLite'} server process(es); each: login, cursor pull, push of 20 visits (gzipped), 2 screenshots of ${(shotBytes / 1024).toFixed(0)} KB`)
  console.log(`  the servers' start-up jobs (the weekly ranking catching up) had finished ${jobsS.toFixed(0)} s before the rush, as on a server up since before 8 o'clock`)
  console.log(`  all done after ${wallS.toFixed(1)} s; errors ${errors.length} of ${timings.length} requests${errors.length ? ` (${[...new Set(errors.map((e) => e.kind))].join(', ')})` : ''}`)
  console.log(`  request         p50    p95    p99    max  (ms)`)
  for (const k of KINDS) {
    const v = timings.filter((t) => t.kind === k).map((t) => t.ms)
    console.log(`  ${k.padEnd(10)} ${p(v, 50)} ${p(v, 95)} ${p(v, 99)} ${p(v, 100)}`)
  }
  const all = timings.map((t) => t.ms)
  console.log(`  ${'any'.padEnd(10)} ${p(all, 50)} ${p(all, 95)} ${p(all, 99)} ${p(all, 100)}`)
  console.log(`  ${'phone'.padEnd(10)} ${p(totals, 50)} ${p(totals, 95)} ${p(totals, 99)} ${p(totals, 100)}  (all its requests)`)
  console.log(`  CPU during the rush: server ${(serverCpu * 1000 / flags.phones).toFixed(1)} ms/phone, database ${(dbCpu * 1000 / flags.phones).toFixed(1)} ms/phone`)
  console.log(`  CPU per request, in bursts of ${breakdown.n} of one kind (server + database):`)
  for (const k of KINDS) console.log(`    ${k.padEnd(8)} ${breakdown.server[k].toFixed(2)} + ${breakdown.db[k].toFixed(2)} ms`)
  for (const s of servers) await s.stop()
  if (errors.length) process.exitCode = 1
}

async function preparePhone(base: string, code: string, rnd: Prng): Promise<Phone> {
  const token = await loginOnce(base, code)
  let cursor = '0'
  const households = new Map<string, string[]>()
  for (;;) {
    const res = await call(base, 'GET', `/api/v1/sync/pull?cursor=${cursor}`, token)
    if (res.status !== 200) fail(`first pull of ${code}: ${res.status}`)
    const page = res.body as { households: { id: string }[]; residents: { id: string; householdId: string }[]; cursor: string; hasMore: boolean }
    for (const h of page.households) households.set(h.id, households.get(h.id) ?? [])
    for (const r of page.residents) households.get(r.householdId)?.push(r.id)
    cursor = page.cursor
    if (!page.hasMore) break
  }
  // Two distinct screenshots per phone: one picture, told apart by bytes after its end (as phones' files are).
  const picture = SHOT ?? (SHOT = makeJpeg(540, 1170, { seed: 3, noise: 0.15 }))
  const shots = [0, 1].map((i) => Buffer.concat([picture, Buffer.from(`${code}-${i}-${rnd.int(0, 1e9)}`)]))
  return { code, households: [...households].map(([id, residentIds]) => ({ id, residentIds })), cursor, shots }
}
let SHOT: Buffer | null = null

async function rushOne(phone: Phone, url: () => string, rnd: Prng, timings: Timing[]): Promise<void> {
  const timed = async (kind: Kind, fn: () => Promise<{ status: number; body: unknown }>) => {
    const t = performance.now()
    const res = await fn().catch(() => ({ status: 0, body: null }))
    timings.push({ kind, ms: performance.now() - t, ok: res.status === 200 })
    return res
  }
  const login = await timed('login', () => call(url(), 'POST', '/api/v1/auth/login', null, { code: phone.code }))
  const token = (login.body as { token?: string } | null)?.token
  if (!token) return
  await timed('pull', () => call(url(), 'GET', `/api/v1/sync/pull?cursor=${phone.cursor}`, token))
  await timed('push', () => call(url(), 'POST', '/api/v1/sync/push', token, visits(phone, rnd, 20)))
  for (const shot of phone.shots) {
    const sha = sha256(shot)
    await timed('status', () => call(url(), 'GET', `/api/v1/media/${sha}/status`, token))
    await timed('upload', () => putFile(url(), token, sha, shot))
  }
}

function visits(phone: Phone, rnd: Prng, n: number) {
  const now = Date.now()
  return {
    records: Array.from({ length: n }, () => {
      const h = rnd.pick(phone.households)
      const at = now - rnd.int(0, 3 * 24 * 3600_000)
      return {
        id: newRecordId(at),
        kind: 'visit',
        householdId: h.id,
        replaces: null,
        deviceId: `rush-${phone.code}`,
        createdAt: new Date(at).toISOString(),
        body: visitBody(rnd, rnd.weighted(OUTCOME_WEIGHTS), at, h.residentIds),
      }
    }),
  }
}

/** CPU per request of each kind: a burst of one kind at a time (8 at once), server and database CPU read around it. */
async function cpuPerKind(phones: Phone[], servers: ChildServer[], target: { databaseUrl?: string }, kind: string, rnd: Prng) {
  const url = () => rnd.pick(servers).url
  const tokens = await mapLimit(phones, 8, (p) => loginOnce(url(), p.code))
  const server = {} as Record<Kind, number>
  const db = {} as Record<Kind, number>
  const fresh = phones.map((p) => p.shots.map((s) => Buffer.concat([s, Buffer.from('-burst')])))
  const runs: Record<Kind, (i: number) => Promise<unknown>> = {
    login: (i) => loginOnce(url(), phones[i].code),
    pull: (i) => call(url(), 'GET', `/api/v1/sync/pull?cursor=${phones[i].cursor}`, tokens[i]),
    push: (i) => call(url(), 'POST', '/api/v1/sync/push', tokens[i], visits(phones[i], rnd, 20)),
    status: (i) => call(url(), 'GET', `/api/v1/media/${sha256(fresh[i][0])}/status`, tokens[i]),
    upload: (i) => putFile(url(), tokens[i], sha256(fresh[i][1]), fresh[i][1]),
  }
  for (const k of KINDS) {
    const pids = servers.map((s) => s.pid)
    const dbBefore = kind === 'postgres' ? await backendPids(target.databaseUrl!) : []
    const before = cpuSeconds([...pids, ...dbBefore])
    await mapLimit(phones.map((_, i) => i), 8, (i) => runs[k](i))
    const dbPids = kind === 'postgres' ? [...new Set([...dbBefore, ...(await backendPids(target.databaseUrl!))])] : []
    const after = cpuSeconds([...pids, ...dbPids])
    server[k] = (cpuBetween(before, after, pids) * 1000) / phones.length
    db[k] = (cpuBetween(before, after, dbPids) * 1000) / phones.length
  }
  return { n: phones.length, server, db }
}

async function call(base: string, method: string, p: string, token: string | null, body?: unknown): Promise<{ status: number; body: unknown }> {
  const encoded = body === undefined ? null : await encodeJsonBody(body)
  const res = await fetch(base + p, {
    method,
    headers: { ...(encoded?.headers ?? {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: encoded?.bytes,
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

async function putFile(base: string, token: string, sha: string, bytes: Buffer) {
  const res = await fetch(`${base}/api/v1/media/${sha}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    body: bytes,
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

async function loginOnce(base: string, code: string): Promise<string> {
  const res = await call(base, 'POST', '/api/v1/auth/login', null, { code })
  const token = (res.body as { token?: string } | null)?.token
  if (!token) fail(`login ${code}: ${res.status} ${JSON.stringify(res.body)}`)
  return token
}

/** Waits until every scheduled job run the servers started at start-up has finished; returns how long that took. */
async function jobsSettled(target: Parameters<typeof openTarget>[0]): Promise<number> {
  const t = performance.now()
  const db = openTarget(target)
  try {
    for (let i = 0; i < 600; i++) {
      const runs = await db.kysely.selectFrom('job_runs').select(['finished_at']).execute()
      if (runs.length > 0 && runs.every((r) => r.finished_at !== null)) return (performance.now() - t) / 1000
      await sleep(500)
    }
    return fail('the start-up jobs did not finish within 5 minutes')
  } finally {
    await db.close()
  }
}

/** The backends serving this database (the server processes' pools), whose CPU is the database's share. */
async function backendPids(databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const name = new URL(databaseUrl).pathname.slice(1)
  const rows = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name])
  await client.end()
  return rows.rows.map((r: { pid: number }) => r.pid)
}

/** utime + stime of each process from /proc, in seconds. */
function cpuSeconds(pids: number[]): Map<number, number> {
  const each = new Map<number, number>()
  for (const pid of pids) {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
      each.set(pid, (Number(fields[11]) + Number(fields[12])) / CLK_TCK)
    } catch {
      // gone: a backend closed by its pool; its last reading stands
    }
  }
  return each
}

/** CPU used between two readings by these processes (one started since counts from 0, one gone since counts 0). */
function cpuBetween(before: Map<number, number>, after: Map<number, number>, pids: number[]): number {
  return pids.reduce((sum, pid) => sum + Math.max(0, (after.get(pid) ?? before.get(pid) ?? 0) - (before.get(pid) ?? 0)), 0)
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i])
      }
    }),
  )
  return out
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

runMain(main)
