// Media upload benchmark: 1,000 screenshots (~200 KB each) from 20 concurrent workers to the real server,
// reporting uploads/s, MB/s, the p50/p95 time of one upload and the server's peak memory.
//
//   npx tsx bench/media-upload.ts [--files 1000] [--clients 20] [--postgres] [--keep]
//
// How it is measured:
// - The server runs as a child process (`node --import tsx server/src/main.ts`, LOG_LEVEL warn) on a fresh
//   SQLite file (or PostgreSQL with --postgres) and a fresh MEDIA_DIR, so its memory is its own: /proc/<pid>/status
//   is polled every 20 ms for VmRSS, and VmHWM (the kernel's own peak) is read at the end.
// - Each client is a grid worker of a seeded county, logged in with their own demo code, driving the app's own
//   MediaQueue (src/core/sync/media-queue.ts): /status first, then 256 KB chunks over real HTTP (keep-alive).
//   One upload is timed from its /status request to the answer that says complete.
// - Every file is distinct and a real image: half are PNGs each drawn from its own seed; half are JPEGs drawn
//   from 25 pictures (jpeg-js takes ~0.25 s per 720×1280 encode) and made distinct files by a comment segment
//   naming the file. The server hashes, sniffs, walks to IEND/EOI, parses the size of and stores every one.
// - The server's CPU time (user + system, /proc/<pid>/stat) over the run is reported too: on 2 cores the
//   clients compete with it, so CPU per upload says more about the server than wall time alone.
// - The run fails unless the media table then holds exactly N rows and MEDIA_DIR exactly N files with those sizes.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { seedDemoCounty } from '../server/src/seed/demo-county'
import { MediaQueue, type MediaFiles } from '../src/core/sync/media-queue'
import { NetworkError, type HttpClient, type HttpRequest, type HttpResponse } from '../src/core/sync/ports'
import { MemoryStorage } from '../test/helpers/node-ports'
import { makeJpeg, makePng, sha256 } from '../test/helpers/images'
import { freePort } from '../test/helpers/free-port'
import {
  freshTarget,
  int,
  keepTempFiles,
  latencySummary,
  loadLine,
  log,
  login,
  machineLine,
  ms,
  onCleanup,
  openMigrated,
  parseFlags,
  printBlock,
  runMain,
  secs,
  type DbTarget,
} from './lib'

const USAGE = `usage: npx tsx bench/media-upload.ts [--files N] [--clients N] [--postgres] [--keep]
  --files N     screenshots to upload (default 1000), split evenly over the clients
  --clients N   concurrent workers, each with their own login (default 20)
  --postgres    run the server on PostgreSQL (${'BENCH_PG_URL'} or postgres://postgres@127.0.0.1:5432/test)
  --keep        keep the database and media directory for inspection`

const flags = parseFlags(process.argv.slice(2), { files: 1000, clients: 20, postgres: false, keep: false }, USAGE)
if (flags.keep) keepTempFiles()
const MB = 1024 * 1024

interface Screenshot {
  sha: string
  bytes: Buffer
  mime: 'image/png' | 'image/jpeg'
}

/** Times one upload per sha: from its /status request to the PUT answered complete. */
class TimedHttp implements HttpClient {
  readonly started = new Map<string, number>()
  readonly took: number[] = []
  requests = 0

  constructor(private readonly base: string) {}

  async request(req: HttpRequest): Promise<HttpResponse> {
    const sha = req.path.split('/')[4]
    if (req.method === 'GET') this.started.set(sha, performance.now())
    this.requests++
    let res: Response
    let text: string
    try {
      res = await fetch(this.base + req.path, {
        method: req.method,
        headers: { ...req.headers, ...(req.token ? { authorization: `Bearer ${req.token}` } : {}) },
        body: req.rawBody,
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      })
      text = await res.text()
    } catch (err) {
      throw new NetworkError(String(err))
    }
    const body = text ? JSON.parse(text) : null
    if (req.method === 'PUT' && body?.state === 'complete') this.took.push(performance.now() - this.started.get(sha)!)
    return { status: res.status, body }
  }
}

class Files implements MediaFiles {
  constructor(private readonly files: Map<string, Buffer>) {}
  async size(sha: string) {
    return this.files.get(sha)?.length ?? null
  }
  async read(sha: string, offset: number, length: number) {
    return this.files.get(sha)!.subarray(offset, offset + length)
  }
}

/** A JPEG comment segment (FF FE) right after SOI: a different file, the same picture. */
function withComment(jpeg: Buffer, text: string): Buffer {
  const body = Buffer.from(text, 'latin1')
  const head = Buffer.from([0xff, 0xfe, 0, 0])
  head.writeUInt16BE(body.length + 2, 2)
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)])
}

function makeScreenshots(count: number): Screenshot[] {
  const out: Screenshot[] = []
  const jpegBases = Array.from({ length: Math.min(25, Math.ceil(count / 2)) }, (_, i) => makeJpeg(720, 1280, { seed: 10_000 + i, noise: 0.1 }))
  for (let i = 0; i < count; i++) {
    const bytes = i % 2 === 0 ? makePng(720, 1280, { seed: i + 1, noise: 0.068 }) : withComment(jpegBases[i % jpegBases.length], `bench-${i}`)
    out.push({ sha: sha256(bytes), bytes, mime: i % 2 === 0 ? 'image/png' : 'image/jpeg' })
  }
  if (new Set(out.map((s) => s.sha)).size !== count) throw new Error('screenshots are not all distinct')
  return out
}

/** CPU seconds the process has used (user + system), from /proc/<pid>/stat at 100 ticks per second. */
function cpuSeconds(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

function procStatus(pid: number): { rssKB: number; hwmKB: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN)
    return { rssKB: kb('VmRSS'), hwmKB: kb('VmHWM') }
  } catch {
    return null
  }
}

async function startServerProcess(t: DbTarget, mediaDir: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort()
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'never',
    H5_DIR: '/nonexistent',
    MEDIA_DIR: mediaDir,
    SQLITE_FILE: t.sqliteFile || path.join(os.tmpdir(), 'unused.db'),
    ...(t.databaseUrl ? { DATABASE_URL: t.databaseUrl } : {}),
  }
  if (!t.databaseUrl) delete env.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '../server/src/main.ts')], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  onCleanup(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  )
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`)
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false)
    if (ok) return { url, child }
    if (Date.now() > deadline) throw new Error('server did not start within 30 s')
    await new Promise((r) => setTimeout(r, 100))
  }
}

function countFiles(dir: string): { files: number; bytes: number } {
  let files = 0
  let bytes = 0
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (!e.name.startsWith('.')) walk(path.join(d, e.name))
      } else {
        files++
        bytes += fs.statSync(path.join(d, e.name)).size
      }
    }
  }
  walk(dir)
  return { files, bytes }
}

async function main(): Promise<void> {
  const clients = Math.max(1, Math.floor(flags.clients))
  const perClient = Math.ceil(flags.files / clients)
  const target = await freshTarget(flags.postgres ? 'postgres' : 'sqlite', 'media')
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-bench-media-'))
  onCleanup(() => (flags.keep ? console.log(`  · kept ${mediaDir}`) : fs.rmSync(mediaDir, { recursive: true, force: true })))

  let t0 = performance.now()
  const db = await openMigrated(target)
  const villages = Math.ceil(clients / 4)
  const seeded = await seedDemoCounty(db, { seed: 11, towns: 2, villagesPerTown: [villages, villages], gridsPerVillage: [2, 2], householdsPerGrid: [5, 5] })
  await db.close()
  const workers = seeded.logins.filter((l) => l.role === 'worker').slice(0, clients)
  if (workers.length < clients) throw new Error(`only ${workers.length} workers seeded for ${clients} clients`)
  log(`${target.label}: seeded ${seeded.counts.grids} grids in ${secs(t0)}`)

  t0 = performance.now()
  const shots = makeScreenshots(perClient * clients)
  const totalBytes = shots.reduce((a, s) => a + s.bytes.length, 0)
  const sizes = shots.map((s) => s.bytes.length).sort((a, b) => a - b)
  log(`made ${int(shots.length)} distinct screenshots, ${(totalBytes / MB).toFixed(1)} MB (${int(sizes[0] / 1024)}–${int(sizes[sizes.length - 1] / 1024)} KB), in ${secs(t0)}`)

  const { url, child } = await startServerProcess(target, mediaDir)
  const pid = child.pid!
  const tokens = await Promise.all(workers.map((w) => login(url, w.code)))
  await new Promise((r) => setTimeout(r, 500))
  const idle = procStatus(pid)!
  log(`server pid ${pid} listening at ${url}; idle RSS ${int(idle.rssKB / 1024)} MB`)

  let peakRssKB = idle.rssKB
  const poll = setInterval(() => {
    const s = procStatus(pid)
    if (s && s.rssKB > peakRssKB) peakRssKB = s.rssKB
  }, 20)

  const http = new TimedHttp(url)
  const cpuBefore = cpuSeconds(pid)
  const started = performance.now()
  const results = await Promise.all(
    tokens.map(async (token, c) => {
      const mine = shots.slice(c * perClient, (c + 1) * perClient)
      const queue = new MediaQueue({
        storage: new MemoryStorage(),
        ownerId: workers[c].code,
        files: new Files(new Map(mine.map((s) => [s.sha, s.bytes]))),
        http,
        token: () => token,
        now: Date.now,
      })
      for (const s of mine) await queue.enqueue(s.sha, s.mime)
      return queue.drain()
    }),
  )
  const wallMs = performance.now() - started
  const serverCpu = cpuSeconds(pid) - cpuBefore
  clearInterval(poll)
  const end = procStatus(pid)!
  peakRssKB = Math.max(peakRssKB, end.rssKB)

  const uploaded = results.reduce((a, r) => a + r.uploaded, 0)
  const failed = results.reduce((a, r) => a + r.failed, 0)
  if (uploaded !== shots.length || failed !== 0) throw new Error(`uploaded ${uploaded}, failed ${failed} of ${shots.length}`)
  const check = await openMigrated(target)
  const rows = await check.kysely.selectFrom('media').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('bytes').as('bytes')]).executeTakeFirstOrThrow()
  await check.close()
  const onDisk = countFiles(mediaDir)
  if (Number(rows.n) !== shots.length || Number(rows.bytes) !== totalBytes || onDisk.files !== shots.length || onDisk.bytes !== totalBytes) {
    throw new Error(`stored ${rows.n} rows / ${rows.bytes} bytes, ${onDisk.files} files / ${onDisk.bytes} bytes; expected ${shots.length} / ${totalBytes}`)
  }

  const lat = latencySummary(http.took)
  printBlock(`RESULT  media upload: ${int(shots.length)} screenshots from ${clients} concurrent workers (${flags.postgres ? 'PostgreSQL' : 'SQLite'})`, [
    ['machine', machineLine()],
    ['files', `${int(shots.length)} distinct PNG/JPEG, ${(totalBytes / MB).toFixed(1)} MB, mean ${int(totalBytes / shots.length / 1024)} KB`],
    ['requests', `${int(http.requests)} (a /status and 256 KB chunks per file)`],
    ['wall time', `${(wallMs / 1000).toFixed(2)} s`],
    ['throughput', `${(shots.length / (wallMs / 1000)).toFixed(1)} uploads/s, ${(totalBytes / MB / (wallMs / 1000)).toFixed(1)} MB/s`],
    ['one upload', `p50 ${ms(lat.p50)}, p95 ${ms(lat.p95)}, max ${ms(lat.max)}`],
    ['server CPU', `${serverCpu.toFixed(1)} s (${ms((serverCpu * 1000) / shots.length)} per upload; ${((100 * serverCpu) / (wallMs / 1000)).toFixed(0)}% of one core)`],
    ['server RSS', `idle ${int(idle.rssKB / 1024)} MB, peak ${int(peakRssKB / 1024)} MB (polled), VmHWM ${int(end.hwmKB / 1024)} MB`],
    ['stored', `${int(onDisk.files)} files, ${(onDisk.bytes / MB).toFixed(1)} MB in MEDIA_DIR; media rows match`],
    ['', loadLine()],
  ])
}

runMain(main)
