// GET /rankings.xlsx: the stored weekly ranking as a printable workbook, parsed back with exceljs: order,
// percentage cells, the bottom two filled light red, print setup, scope refusals and the audit trail.
import ExcelJS from 'exceljs'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { visitRecord } from '../helpers/records'
import { runWeeklyRanking } from '../../server/src/jobs/weekly-ranking'
import { RANKING_FILL } from '../../server/src/services/ranking-export'

jest.setTimeout(90_000)

const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

describe(`ranking .xlsx export (${TEST_DIALECT})`, () => {
  let server: TestServer
  let clock = china(2026, 11, 18, 10)

  beforeAll(async () => {
    server = await startTestServer({
      seed: { seed: 11, towns: 2, villagesPerTown: [4, 4], gridsPerVillage: [1, 1], householdsPerGrid: [4, 4], now: china(2026, 11, 1) },
      now: () => clock,
    })
    // Week 2026-11-16..22: t1-v01 visits 4 of 4 households, v02 3, v03 2, v04 1.
    for (const [village, n] of [['t1-v01', 4], ['t1-v02', 3], ['t1-v03', 2], ['t1-v04', 1]] as const) {
      const grid = `${village}-g1`
      const token = await loginAs(server.url, `demo-${grid}`)
      const hh = await server.db.kysely.selectFrom('households').select('id').where('grid_id', '=', grid).orderBy('id').limit(n).execute()
      const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records: hh.map((h) => visitRecord(h.id)) } })
      expect(res.status).toBe(200)
    }
    clock = china(2026, 11, 24, 9)
    expect(await runWeeklyRanking(server.db, clock)).toMatchObject({ week: '2026-11-16', ran: true })
  })
  afterAll(async () => server?.close())

  async function download(token: string, query = '') {
    const res = await fetch(`${server.url}/api/v1/rankings.xlsx${query}`, { headers: { authorization: `Bearer ${token}` } })
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
  }

  async function sheetOf(bytes: Buffer) {
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(bytes as unknown as ArrayBuffer)
    return wb.worksheets[0]
  }

  it('prints the town’s villages in ranking order with percentage cells and the bottom two in red', async () => {
    const town = await loginAs(server.url, 'demo-t1')
    const ranking = await api(server.url, 'GET', '/api/v1/rankings', { token: town })
    expect(ranking.body.rows.map((r: { areaId: string }) => r.areaId)).toEqual(['t1-v01', 't1-v02', 't1-v03', 't1-v04'])

    const res = await download(town, '?week=2026-11-16')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const townName = (await server.db.kysely.selectFrom('areas').select('name').where('id', '=', 't1').executeTakeFirstOrThrow()).name
    const disposition = res.headers.get('content-disposition')!
    expect(disposition).toContain(`filename="ranking_t1_20261116-20261122.xlsx"`)
    expect(disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`排名通报_${townName}_20261116-20261122.xlsx`)}`)

    const ws = await sheetOf(res.bytes)
    expect(ws.getCell('A1').value).toBe(`${townName}各村（社区）反诈宣传工作排名通报`)
    expect(String(ws.getCell('A2').value)).toContain('2026-11-16 至 2026-11-22')
    expect((ws.getRow(3).values as unknown[]).slice(1)).toEqual([
      '排名', '村（社区）', '入户宣传率', '承诺书签署率', 'APP安装率', '实名注册率', '预警开启率', '综合得分', '较上周',
    ])
    const rows = [4, 5, 6, 7].map((i) => ws.getRow(i))
    expect(rows.map((r) => [r.getCell(1).value, r.getCell(2).value, r.getCell(3).value, r.getCell(8).value])).toEqual(
      ranking.body.rows.map((r: { rank: number; name: string; score: number }, i: number) => [r.rank, r.name, [1, 0.75, 0.5, 0.25][i], r.score]),
    )
    expect(rows[0].getCell(3).numFmt).toBe('0.0%')
    expect(rows[0].getCell(7).numFmt).toBe('0.0%')
    expect(rows[0].getCell(9).value).toBe('—')
    const fill = (r: ExcelJS.Row) => (r.getCell(2).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb
    expect(rows.map(fill)).toEqual([undefined, undefined, RANKING_FILL, RANKING_FILL])

    expect(ws.pageSetup.orientation).toBe('landscape')
    expect(ws.pageSetup.paperSize).toBe(9)
    expect(ws.pageSetup.printTitlesRow).toBe('3:3')

    const audit = await server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'export.ranking').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ entity: 'area', entity_id: 't1' })
    expect(JSON.parse(audit[0].detail)).toEqual({ areaId: 't1', week: '2026-11-16', rows: 4 })
  })

  it('gives the county admin the towns, and any town of the county', async () => {
    const county = await loginAs(server.url, 'demo-county')
    const mine = await sheetOf((await download(county)).bytes)
    expect(String(mine.getCell('A1').value)).toMatch(/各镇（街道）反诈宣传工作排名通报$/)
    expect(mine.getCell('B3').value).toBe('镇（街道）')
    expect([mine.getCell('B4').value, mine.getCell('B5').value]).toHaveLength(2)
    const t1 = await download(county, '?areaId=t1')
    expect(t1.status).toBe(200)
    expect((await sheetOf(t1.bytes)).getCell('B4').value).toBe((await api(server.url, 'GET', '/api/v1/rankings?areaId=t1', { token: county })).body.rows[0].name)
  })

  it('refuses areas out of scope like /rankings does, and weeks not ranked', async () => {
    const otherHead = await loginAs(server.url, 'demo-t2-v01')
    expect((await download(otherHead, '?areaId=t1')).status).toBe(403)
    const ownHead = await loginAs(server.url, 'demo-t1-v01')
    expect((await download(ownHead, '?areaId=t1')).status).toBe(403)
    // A village has no ranking of its own (same answer as GET /rankings).
    const town = await loginAs(server.url, 'demo-t1')
    expect((await download(town, '?areaId=t1-v01')).status).toBe(404)
    expect((await api(server.url, 'GET', '/api/v1/rankings?areaId=t1-v01', { token: town })).status).toBe(404)
    expect((await download(town, '?week=2026-11-09')).status).toBe(404)
    expect((await download(town, '?areaId=t2')).status).toBe(403)
    const count = await server.db.kysely.selectFrom('audit_log').select('action').where('action', '=', 'export.ranking').execute()
    expect(count).toHaveLength(3)
  })
})
