// Shared pieces of the benchmarks: flags, the real server on a loopback port, an HTTP client on its own
// thread, latency percentiles, realistic visit bodies and clean-up of temporary files and databases.
//
// The client runs in a worker thread so that building requests and parsing responses does not compete with
// the server for its event loop: on a 2-core machine the server gets one core, the client the other.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { Worker } from 'node:worker_threads'
import pg from 'pg'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase, migrateToLatest, type Db } from '../server/src/db/database'
import { uuidv7 } from '../src/core/ids'
import type { VisitOutcome } from '../src/core/schemas/visit'
import type { Prng } from '../server/src/seed/prng'

// ---------------------------------------------------------------------------------------------------------
// Flags

export type FlagSpec = Record<string, number | boolean | string>

/** Parses `--name value` (numbers, strings) and `--name` (booleans) against defaults; unknown flags are errors. */
export function parseFlags<T extends FlagSpec>(argv: string[], defaults: T, usage: string): T {
  const out: FlagSpec = { ...defaults }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') {
      console.log(usage)
      process.exit(0)
    }
    const name = arg.startsWith('--') ? arg.slice(2) : ''
    if (!(name in defaults)) fail(`unknown argument ${arg}\n${usage}`)
    const def = defaults[name]
    if (typeof def === 'boolean') {
      out[name] = true
      continue
    }
    const value = argv[++i]
    if (value === undefined) fail(`${arg} needs a value\n${usage}`)
    if (typeof def === 'number') {
      const n = Number(value.replace(/_/g, ''))
      if (!Number.isFinite(n) || n < 0) fail(`${arg} needs a non-negative number, got ${value}`)
      out[name] = n
    } else {
      out[name] = value
    }
  }
  return out as T
}

export function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------------------
// Temporary files and databases, removed on exit (also on an error or Ctrl-C)

const cleanups: (() => Promise<void> | void)[] = []

export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn)
}

export async function runCleanups(): Promise<void> {
  while (cleanups.length) {
    const fn = cleanups.pop()!
    try {
      await fn()
    } catch (err) {
      console.error('clean-up failed:', err)
    }
  }
}

/** Runs a benchmark's main, always cleaning up; exit code 0 only on success. */
export function runMain(main: () => Promise<void>): void {
  const interrupted = () => {
    void runCleanups().then(() => process.exit(130))
  }
  process.once('SIGINT', interrupted)
  process.once('SIGTERM', interrupted)
  main()
    .then(async () => {
      await runCleanups()
      process.exit(0)
    })
    .catch(async (err) => {
      console.error('BENCHMARK FAILED:', err instanceof Error ? err.stack ?? err.message : err)
      await runCleanups()
      process.exit(1)
    })
}

let keepFiles = false

/** --keep: leave SQLite files and PostgreSQL databases in place for inspection (their names are printed). */
export function keepTempFiles(): void {
  keepFiles = true
}

export function tempSqliteFile(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `fanzha-bench-${prefix}-`))
  onCleanup(() => (keepFiles ? console.log(`  · kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true })))
  return path.join(dir, 'bench.db')
}

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Creates a fresh PostgreSQL database (dropped at clean-up) and returns its URL. */
export async function tempPostgresDatabase(prefix: string): Promise<string> {
  const name = `fanzha_bench_${prefix}_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  onCleanup(async () => {
    if (keepFiles) return console.log(`  · kept PostgreSQL database ${name} (DROP DATABASE ${name} when done)`)
    const c = new pg.Client({ connectionString: PG_ADMIN_URL })
    await c.connect()
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await c.end()
  })
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

export interface DbTarget {
  kind: 'sqlite' | 'postgres'
  sqliteFile: string
  databaseUrl?: string
  label: string
}

export async function freshTarget(kind: DbTarget['kind'], prefix: string): Promise<DbTarget> {
  if (kind === 'postgres') {
    const databaseUrl = await tempPostgresDatabase(prefix)
    return { kind, sqliteFile: '', databaseUrl, label: `PostgreSQL (${new URL(databaseUrl).pathname.slice(1)})` }
  }
  const sqliteFile = tempSqliteFile(prefix)
  return { kind, sqliteFile, label: `SQLite (${sqliteFile})` }
}

export function openTarget(t: DbTarget): Db {
  return openDatabase({ databaseUrl: t.databaseUrl, sqliteFile: t.sqliteFile })
}

export async function openMigrated(t: DbTarget): Promise<Db> {
  const db = openTarget(t)
  await migrateToLatest(db)
  return db
}

// ---------------------------------------------------------------------------------------------------------
// The real server

export interface RunningServer {
  url: string
  app: FastifyInstance
  db: Db
  close(): Promise<void>
}

/** buildApp + listen on 127.0.0.1:0 with its own connection, exactly as server/src/main.ts does minus seeding. */
export async function startServer(t: DbTarget): Promise<RunningServer> {
  const config = loadConfig(
    {},
    {
      LOG_LEVEL: 'silent',
      H5_DIR: '/nonexistent',
      SEED_DEMO: 'never',
      DATABASE_URL: t.databaseUrl,
      SQLITE_FILE: t.sqliteFile || path.join(os.tmpdir(), 'unused.db'),
    },
  )
  const db = openDatabase({ databaseUrl: config.DATABASE_URL, sqliteFile: config.SQLITE_FILE })
  const app = await buildApp({ config, db })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const port = (app.server.address() as { port: number }).port
  let closed = false
  const close = async () => {
    if (closed) return
    closed = true
    await app.close()
    await db.close()
  }
  onCleanup(close)
  return { url: `http://127.0.0.1:${port}`, app, db, close }
}

export async function login(base: string, code: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  })
  const body = (await res.json()) as { token?: string }
  if (res.status !== 200 || !body.token) throw new Error(`login ${code} failed: ${res.status} ${JSON.stringify(body)}`)
  return body.token
}

// ---------------------------------------------------------------------------------------------------------
// The HTTP client thread

export interface HttpRequest {
  method: 'GET' | 'POST'
  path: string
  token?: string
  /** Already-serialised JSON, so the client's own JSON work is done before the clock starts. */
  body?: string
}

export interface HttpRun {
  /** First request sent to last response read. */
  wallMs: number
  latencyMs: number[]
  status: number[]
  text: string[]
}

const CLIENT_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { base, requests, concurrency } = workerData
const latencyMs = new Array(requests.length)
const status = new Array(requests.length)
const text = new Array(requests.length)
let next = 0
async function client() {
  for (;;) {
    const i = next++
    if (i >= requests.length) return
    const r = requests[i]
    const headers = {}
    if (r.body !== undefined) headers['content-type'] = 'application/json'
    if (r.token) headers.authorization = 'Bearer ' + r.token
    const t0 = performance.now()
    const res = await fetch(base + r.path, { method: r.method, headers, body: r.body })
    const body = await res.text()
    latencyMs[i] = performance.now() - t0
    status[i] = res.status
    text[i] = body
  }
}
const started = performance.now()
Promise.all(Array.from({ length: concurrency }, client)).then(
  () => parentPort.postMessage({ wallMs: performance.now() - started, latencyMs, status, text }),
  (err) => parentPort.postMessage({ error: String((err && err.stack) || err) }),
)
`

/** Sends the requests over real HTTP (global fetch, keep-alive) from a worker thread, `concurrency` at a time. */
export function runHttp(base: string, requests: HttpRequest[], concurrency = 1): Promise<HttpRun> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT_SOURCE, { eval: true, workerData: { base, requests, concurrency } })
    worker.once('message', (m: HttpRun | { error: string }) => {
      void worker.terminate()
      if ('error' in m) reject(new Error(`HTTP client failed: ${m.error}`))
      else resolve(m)
    })
    worker.once('error', reject)
  })
}

// ---------------------------------------------------------------------------------------------------------
// Figures

/** Nearest-rank percentile of an unsorted list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

export function latencySummary(values: number[]): { p50: number; p95: number; max: number; mean: number } {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  }
}

export const ms = (v: number): string => `${v.toFixed(v < 10 ? 2 : 1)} ms`
export const int = (v: number): string => Math.round(v).toLocaleString('en-US')
export const secs = (startMs: number): string => `${((performance.now() - startMs) / 1000).toFixed(1)} s`

export function log(message: string): void {
  console.log(`  · ${message}`)
}

export function printBlock(title: string, lines: [string, string][]): void {
  const width = Math.max(...lines.map(([k]) => k.length))
  const rule = '='.repeat(Math.max(title.length, 60))
  console.log(`\n${rule}\n${title}\n${rule}`)
  for (const [k, v] of lines) console.log(k || v ? `${k.padEnd(width)}  ${v}` : '')
  console.log(rule)
}

const loadAtStart = os.loadavg()[0]

/** The 1-minute load average when the benchmark started and now: above ~2 on 2 cores, something else was running. */
export function loadLine(): string {
  return `load average ${loadAtStart.toFixed(2)} at start, ${os.loadavg()[0].toFixed(2)} at end (this benchmark alone adds ~1–1.5)`
}

export function machineLine(): string {
  const cpus = os.cpus()
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`
}

// ---------------------------------------------------------------------------------------------------------
// Realistic visit content

export const OUTCOME_WEIGHTS: readonly (readonly [VisitOutcome, number])[] = [
  ['met', 68],
  ['not_home', 22],
  ['refused', 4],
  ['moved_out', 3],
  ['vacant', 3],
]

const NOTES_MET = [
  '已讲解冒充客服退款、刷单返利诈骗手法，发放宣传册',
  '指导安装国家反诈中心APP并开启来电预警',
  '老人独居，提醒陌生来电不转账，留了网格员电话',
  '家中学生已讲解游戏充值、代练诈骗',
  '已签反诈承诺书，加入村反诈微信群',
  '',
  '',
]
const NOTES_OTHER = ['', '', '门上贴了反诈宣传单', '邻居说白天在厂里上班，晚上再来', '已电话联系户主']

/** A pool of random bytes for uuidv7, so making a million ids does not call the kernel a million times. */
export function randomPool(): (n: number) => Uint8Array {
  let buf = randomBytes(64 * 1024)
  let at = 0
  return (n) => {
    if (at + n > buf.length) {
      buf = randomBytes(64 * 1024)
      at = 0
    }
    const out = new Uint8Array(buf.buffer, buf.byteOffset + at, n).slice()
    at += n
    return out
  }
}

const pool = randomPool()

export function newRecordId(nowMs = Date.now()): string {
  return uuidv7(nowMs, pool)
}

/** The body of a visit as the app builds it; residentIds are ticked from the household's residents. */
export function visitBody(prng: Prng, outcome: VisitOutcome, visitedAt: number, residentIds: readonly string[]) {
  const met = outcome === 'met' || outcome === 'refused'
  const peopleMet = outcome === 'met' ? prng.int(1, Math.max(1, Math.min(4, residentIds.length))) : outcome === 'refused' ? 1 : 0
  const ticked = met && prng.chance(0.7) ? residentIds.slice(0, peopleMet) : []
  return {
    outcome,
    peopleMet,
    residentIds: [...ticked],
    notes: prng.pick(outcome === 'met' ? NOTES_MET : NOTES_OTHER),
    visitedAt: new Date(visitedAt).toISOString(),
    location: prng.chance(0.75)
      ? {
          lat: Math.round((29.8 + prng.next() * 0.4) * 1e6) / 1e6,
          lng: Math.round((113.9 + prng.next() * 0.5) * 1e6) / 1e6,
          accuracy: prng.int(5, 65),
        }
      : null,
  }
}
