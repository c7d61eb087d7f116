// A 100,000-row register imported (check, its report, then apply) with memory that does not grow with the file: the
// server's live memory (JS heap and Buffers), measured after a forced collection twice a second while the passes and
// the report run, stays within a few MB of where it started, and the process's RSS within a bound far below what
// holding the rows would take.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import v8 from 'node:v8'
import vm from 'node:vm'
import { pipeline } from 'node:stream/promises'
import { API_PREFIX } from '@core/api'
import type { ImportJob } from '@core/schemas/imports'
import { loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { applyJob, check, settle } from '../../helpers/imports'
import { writeRegisterCsv, type RegisterGrid } from '../../helpers/register-file'

jest.setTimeout(600_000)

v8.setFlagsFromString('--expose-gc')
const gc = vm.runInNewContext('gc') as () => void

const MB = 1024 * 1024
/** Live memory may wander this much (caches, buffers in flight), far below the ~100 MB the rows would take. */
const LIVE_GROWTH_LIMIT = 30 * MB
const RSS_GROWTH_LIMIT = 250 * MB

describe(`a 100,000-row register with bounded memory (${TEST_DIALECT})`, () => {
  let server: TestServer
  let token: string
  let dir: string
  let grids: RegisterGrid[]

  beforeAll(async () => {
    server = await startTestServer({ seed: { seed: 10, towns: 1, villagesPerTown: [5, 5], gridsPerVillage: [10, 10], householdsPerGrid: [0, 0] } })
    token = await loginAs(server.url, 'demo-county')
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-large-import-'))
    grids = await server.db.kysely
      .selectFrom('areas as g')
      .innerJoin('areas as v', 'v.id', 'g.parent_id')
      .innerJoin('areas as t', 't.id', 'v.parent_id')
      .select(['t.name as town', 'v.name as village', 'g.name as grid'])
      .where('g.level', '=', 'grid')
      .orderBy('g.id')
      .execute()
  })
  afterAll(async () => {
    await server?.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
  })

  /** Streams the file up (the test process does not hold it either). */
  function uploadFile(file: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        `${server.url}${API_PREFIX}/imports/register?fileName=register.csv`,
        { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'content-length': fs.statSync(file).size } },
        (res) => {
          let text = ''
          res.on('data', (c) => (text += c))
          res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text).id) : reject(new Error(`${res.statusCode} ${text}`))))
        },
      )
      req.on('error', reject)
      pipeline(fs.createReadStream(file), req).catch(reject)
    })
  }

  /** The report of every row, streamed to a file. */
  function downloadReport(id: string): Promise<number> {
    const file = path.join(dir, 'report.xlsx')
    return new Promise((resolve, reject) => {
      http
        .get(`${server.url}${API_PREFIX}/imports/${id}/report.xlsx`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
          if (res.statusCode !== 200) return reject(new Error(`report: ${res.statusCode}`))
          pipeline(res, fs.createWriteStream(file)).then(() => resolve(fs.statSync(file).size), reject)
        })
        .on('error', reject)
    })
  }

  it('checks, reports and applies 100,000 rows; live memory stays flat', async () => {
    // Warm up every code path on a small file first, so loading code is not counted as growth.
    const small = path.join(dir, 'small.csv')
    const warm = await writeRegisterCsv(small, grids.slice(0, 2), 50, 3)
    await applyJob(server.url, token, (await check(server.url, token, 'register', fs.readFileSync(small))).id)

    const big = path.join(dir, 'big.csv')
    const written = await writeRegisterCsv(big, grids.slice(2), 900, 5)
    expect(written.rows).toBeGreaterThanOrEqual(100_000)

    const live = () => {
      const m = process.memoryUsage()
      return m.heapUsed + m.external
    }
    gc()
    const base = { live: live(), rss: process.memoryUsage().rss }
    let maxLive = base.live
    let maxRss = base.rss
    const sampler = setInterval(() => {
      maxRss = Math.max(maxRss, process.memoryUsage().rss)
      gc()
      maxLive = Math.max(maxLive, live())
    }, 500)
    let checked: ImportJob
    let applied: ImportJob
    const t0 = Date.now()
    let reportBytes: number
    try {
      checked = await settle(server.url, token, await uploadFile(big))
      reportBytes = await downloadReport(checked.id)
      applied = await applyJob(server.url, token, checked.id)
    } finally {
      clearInterval(sampler)
    }
    const seconds = (Date.now() - t0) / 1000

    expect(reportBytes).toBeGreaterThan(1_000_000)
    expect(checked.check!.rows).toEqual({ total: written.rows, created: written.rows, updated: 0, unchanged: 0, refused: 0 })
    expect(applied.apply!.entities.households.created).toBe(written.households)
    const k = server.db.kysely
    const residents = await k.selectFrom('residents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const tallied = await k.selectFrom('grid_tallies').select((eb) => eb.fn.sum<number>('households').as('n')).executeTakeFirstOrThrow()
    expect(Number(residents.n)).toBe(written.rows + warm.rows)
    expect(Number(tallied.n)).toBe(written.households + warm.households)

    const liveGrowth = maxLive - base.live
    const rssGrowth = maxRss - base.rss
    console.log(
      `${TEST_DIALECT}: ${written.rows} rows checked, reported (${(reportBytes / MB).toFixed(0)} MB) and applied in ${seconds.toFixed(1)} s; ` +
        `live heap + buffers ${(base.live / MB).toFixed(0)} → max ${(maxLive / MB).toFixed(0)} MB, RSS ${(base.rss / MB).toFixed(0)} → max ${(maxRss / MB).toFixed(0)} MB`,
    )
    expect(liveGrowth).toBeLessThan(LIVE_GROWTH_LIMIT)
    expect(rssGrowth).toBeLessThan(RSS_GROWTH_LIMIT)
  })
})
