// Household register import at county scale (issue 10): 500,000 households / ~1,200,000 residents as one CSV,
// uploaded to the real server in a child process (its memory its own), checked, applied, then the same file again.
// Prints the time of each pass and the server's peak RSS, on SQLite and (with --postgres) on PostgreSQL.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import type { ImportJob } from '../src/core/schemas/imports'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { writeRegisterCsv, type RegisterGrid } from '../test/helpers/register-file'
import { download, procStatusMb, startChildServer } from './child-server'
import { fail, freshTarget, keepTempFiles, login, onCleanup, openMigrated, parseFlags, runMain, type DbTarget } from './lib'

const USAGE = `npx tsx bench/register-import.ts [--households 500000] [--postgres] [--skip-sqlite] [--keep]
  --households N   households in the register (200 a grid; ~2.4 residents each)   default 500000
  --postgres       also run on a fresh PostgreSQL database (BENCH_PG_URL or postgres://postgres@127.0.0.1:5432/test)
  --skip-sqlite    only PostgreSQL
  --keep           keep the databases and the CSV`

const flags = parseFlags(process.argv.slice(2), { households: 500_000, postgres: false, 'skip-sqlite': false, keep: false }, USAGE)
const PER_GRID = 200
const GRIDS_PER_VILLAGE = 10
const VILLAGES_PER_TOWN = 25

interface PassFigures {
  seconds: number
  peakRssMb: number
  rowsPerSecond: number
  job: ImportJob
}

interface Answer {
  status: number
  body: { id: string } & ImportJob
}

async function request(url: string, token: string, method: string, file?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { authorization: `Bearer ${token}`, ...(file ? { 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size } : {}) } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }))
    })
    req.on('error', reject)
    if (file) pipeline(fs.createReadStream(file), req).catch(reject)
    else req.end()
  })
}

/** Runs one pass (the upload's check, or an apply) while sampling the server's RSS; resolves when it ends. */
async function pass(base: string, token: string, pid: number, start: () => Promise<Answer>, label: string): Promise<PassFigures> {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5')
  } catch {
    // Without the reset, the peak is the polled maximum only.
  }
  let peak = procStatusMb(pid, 'VmRSS')
  const poll = setInterval(() => (peak = Math.max(peak, procStatusMb(pid, 'VmRSS'))), 25)
  const t0 = performance.now()
  try {
    const started = await start()
    if (started.status >= 300) throw new Error(`${label}: HTTP ${started.status} ${JSON.stringify(started.body)}`)
    const id = started.body.id as string
    let lastPrint = 0
    for (;;) {
      const res = await request(`${base}/api/v1/imports/${id}`, token, 'GET')
      const job = res.body
      if (job.status !== 'checking' && job.status !== 'applying') {
        const seconds = (performance.now() - t0) / 1000
        peak = Math.max(peak, procStatusMb(pid, 'VmHWM'))
        if (job.status === 'failed') throw new Error(`${label} failed: ${JSON.stringify(job.error)}`)
        return { seconds, peakRssMb: peak, rowsPerSecond: job.processedRows / seconds, job }
      }
      if (performance.now() - lastPrint > 10_000) {
        lastPrint = performance.now()
        console.log(`  · ${label}: ${job.processedRows.toLocaleString()} rows, ${(job.progress * 100).toFixed(0)}%, RSS ${procStatusMb(pid, 'VmRSS').toFixed(0)} MB`)
      }
      await new Promise((r) => setTimeout(r, 250))
    }
  } finally {
    clearInterval(poll)
  }
}

async function runOn(kind: DbTarget['kind'], csv: string, grids: number): Promise<string[]> {
  const target = await freshTarget(kind, 'register')
  const towns = Math.ceil(grids / (VILLAGES_PER_TOWN * GRIDS_PER_VILLAGE))
  const db = await openMigrated(target)
  await seedDemoCounty(db, { seed: 10, towns, villagesPerTown: [VILLAGES_PER_TOWN, VILLAGES_PER_TOWN], gridsPerVillage: [GRIDS_PER_VILLAGE, GRIDS_PER_VILLAGE], householdsPerGrid: [0, 0] })
  await db.close()
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-bench-media-'))
  onCleanup(() => fs.rmSync(mediaDir, { recursive: true, force: true }))
  const server = await startChildServer(target, mediaDir)
  const token = await login(server.url, 'demo-county')
  const idle = procStatusMb(server.pid, 'VmRSS')
  const up = (file: string) => () => request(`${server.url}/api/v1/imports/register?fileName=register.csv`, token, 'POST', file)
  const apply = (id: string) => () => request(`${server.url}/api/v1/imports/${id}/apply`, token, 'POST')

  const check1 = await pass(server.url, token, server.pid, up(csv), 'check')
  const report = await download(`${server.url}/api/v1/imports/${check1.job.id}/report.xlsx`, token, server.pid, path.join(mediaDir, 'report.xlsx'))
  const apply1 = await pass(server.url, token, server.pid, apply(check1.job.id), 'apply')
  const check2 = await pass(server.url, token, server.pid, up(csv), 'check again')
  const apply2 = await pass(server.url, token, server.pid, apply(check2.job.id), 'apply again')
  await server.stop()

  const db2 = await openMigrated(target)
  const k = db2.kysely
  const count = async (table: 'households' | 'residents') => Number((await k.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const [households, residents] = [await count('households'), await count('residents')]
  const tallied = Number((await k.selectFrom('grid_tallies').select((eb) => eb.fn.sum<number>('households').as('n')).executeTakeFirstOrThrow()).n)
  await db2.close()
  const rows = check1.job.totalRows ?? 0
  const e = apply1.job.apply!.entities
  if (apply1.job.apply!.rows.refused) fail(`${apply1.job.apply!.rows.refused} rows refused`)
  if (e.households.created !== households || e.residents.created !== residents || residents !== rows || tallied !== households) {
    fail(`counts disagree: households ${households} (created ${e.households.created}, tallied ${tallied}), residents ${residents} (created ${e.residents.created}, rows ${rows})`)
  }
  const again = apply2.job.apply!
  if (again.rows.created || again.rows.updated || again.entities.households.removed || again.entities.households.offRegister) {
    fail(`the same file again changed something: ${JSON.stringify(again.rows)}`)
  }
  const line = (name: string, f: PassFigures) =>
    `  ${name.padEnd(22)} ${f.seconds.toFixed(1).padStart(7)} s  ${Math.round(f.rowsPerSecond).toLocaleString().padStart(8)} rows/s  peak RSS ${f.peakRssMb.toFixed(0)} MB`
  return [
    `${target.label.split(' ')[0]}: ${households.toLocaleString()} households, ${residents.toLocaleString()} residents in ${grids.toLocaleString()} grids; server idle RSS ${idle.toFixed(0)} MB`,
    line('check (new file)', check1),
    `  ${'report .xlsx'.padEnd(22)} ${(report.totalMs / 1000).toFixed(1).padStart(7)} s  ${(report.bytes / 1e6).toFixed(0).padStart(8)} MB      peak RSS ${report.peakRssMb.toFixed(0)} MB`,
    line('apply (all new)', apply1),
    line('check (same again)', check2),
    line('apply (no change)', apply2),
  ]
}

runMain(async () => {
  if (flags.keep) keepTempFiles()
  const grids = Math.max(1, Math.round(flags.households / PER_GRID))
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-bench-register-'))
  onCleanup(() => (flags.keep ? console.log(`  · kept ${dir}`) : fs.rmSync(dir, { recursive: true, force: true })))
  const csv = path.join(dir, 'register.csv')
  // The seeded county names its areas; the file names the same ones, in seeding order.
  const names = await gridNames(grids)
  const t0 = performance.now()
  const written = await writeRegisterCsv(csv, names, PER_GRID, 7)
  console.log(`register: ${written.households.toLocaleString()} households, ${written.rows.toLocaleString()} rows, ${(fs.statSync(csv).size / 1e6).toFixed(0)} MB CSV (written in ${((performance.now() - t0) / 1000).toFixed(0)} s)`)
  // Each database's figures as soon as they are in (a PostgreSQL run takes a while longer).
  const print = (lines: string[]) =>
    console.log(['', 'RESULT register-import', `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`, ...lines].join('\n'))
  if (!flags['skip-sqlite']) print(await runOn('sqlite', csv, grids))
  if (flags.postgres) print(await runOn('postgres', csv, grids))
})

/** The grids a seed of this size makes, by name: seeded once into a scratch SQLite database. */
async function gridNames(grids: number): Promise<RegisterGrid[]> {
  const scratch = await freshTarget('sqlite', 'register-names')
  const db = await openMigrated(scratch)
  const towns = Math.ceil(grids / (VILLAGES_PER_TOWN * GRIDS_PER_VILLAGE))
  await seedDemoCounty(db, { seed: 10, towns, villagesPerTown: [VILLAGES_PER_TOWN, VILLAGES_PER_TOWN], gridsPerVillage: [GRIDS_PER_VILLAGE, GRIDS_PER_VILLAGE], householdsPerGrid: [0, 0] })
  const rows = await db.kysely
    .selectFrom('areas as g')
    .innerJoin('areas as v', 'v.id', 'g.parent_id')
    .innerJoin('areas as t', 't.id', 'v.parent_id')
    .select(['t.name as town', 'v.name as village', 'g.name as grid'])
    .where('g.level', '=', 'grid')
    .orderBy('g.id')
    .limit(grids)
    .execute()
  await db.close()
  return rows
}
