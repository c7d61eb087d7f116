// The weekly install roster over real HTTP: install records with uploaded screenshots pushed by two grid workers,
// the .xlsx parsed back with exceljs and the .zip opened with yauzl, scope, week filtering and the audit trail.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { unzip } from '../helpers/unzip'
import { chinaWeekStart } from '../../src/core/china-time'
import { maskPhone } from '../../src/core/mask'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { newId } from '../helpers/records'
import { rosterPages, rosterPeriod } from '../../server/src/services/roster'

jest.setTimeout(60_000)

const WEEK = '2026-11-25' // Wednesday: the week is Mon 2026-11-23 … Sun 2026-11-29
const YEAR = 2026

let server: TestServer
let mediaDir: string
let tokens: Record<'w1' | 'w2' | 'head1' | 'head2' | 'town', string>

interface Resident {
  id: string
  household_id: string
  name: string
  phone: string | null
  birth_year: number | null
}
let a: Resident
let b: Resident
let c: Resident
let d: Resident
const files: Record<string, Buffer> = {}
const notUploaded = makeJpeg(64, 48, { seed: 99 })

beforeAll(async () => {
  mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-roster-'))
  server = await startTestServer({ config: { MEDIA_DIR: mediaDir } })
  tokens = {
    w1: await loginAs(server.url, 'demo-t1-v01-g1'),
    w2: await loginAs(server.url, 'demo-t1-v02-g1'),
    head1: await loginAs(server.url, 'demo-t1-v01'),
    head2: await loginAs(server.url, 'demo-t1-v02'),
    town: await loginAs(server.url, 'demo-t1'),
  }
  const targets = async (grid: string) =>
    server.db.kysely
      .selectFrom('residents')
      .select(['id', 'household_id', 'name', 'phone', 'birth_year'])
      .where('grid_id', '=', grid)
      .where('phone', 'is not', null)
      .where('birth_year', '>=', YEAR - 60)
      .where('birth_year', '<=', YEAR - 16)
      .orderBy('id')
      .execute()
  const v1 = await targets('t1-v01-g1')
  ;[a, b, c] = [v1[0], v1[3], v1[6]]
  d = (await targets('t1-v02-g1'))[0]

  files.a1 = makeJpeg(120, 200, { seed: 1 })
  files.a2 = makePng(90, 160, { seed: 2 })
  files.b1 = makeJpeg(100, 180, { seed: 3 })
  files.c1 = makeJpeg(100, 180, { seed: 4 })
  files.d1 = makePng(80, 120, { seed: 5 })
  for (const k of ['a1', 'a2', 'b1', 'c1']) await upload(files[k], tokens.w1)
  await upload(files.d1, tokens.w2)

  const results = [
    ...(await push(tokens.w1, [
      install(a, [{ step: 'installed', doneOn: '2026-11-23' }, { step: 'real_name', doneOn: '2026-11-24' }], [files.a1, files.a2]),
      // b's second screenshot never arrives: listed in 缺失截图.txt.
      install(b, [{ step: 'installed', doneOn: '2026-11-25' }, { step: 'warning_on', doneOn: '2026-11-29' }], [files.b1, notUploaded]),
      // The Sunday before the week: not in this week's roster.
      install(c, [{ step: 'installed', doneOn: '2026-11-22' }], [files.c1]),
    ])),
    ...(await push(tokens.w2, [install(d, [{ step: 'installed', doneOn: '2026-11-26' }], [files.d1])])),
  ]
  expect(results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored'])
})
afterAll(async () => {
  await server.close()
  fs.rmSync(mediaDir, { recursive: true, force: true })
})

async function upload(bytes: Buffer, token: string) {
  const res = await fetch(`${server.url}/api/v1/media/${sha256(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    body: bytes,
  })
  expect(res.status).toBe(200)
}

function install(r: Resident, steps: { step: string; doneOn: string }[], shots: Buffer[]) {
  return {
    id: newId(),
    kind: 'install',
    householdId: r.household_id,
    replaces: null,
    deviceId: 'dev',
    createdAt: new Date().toISOString(),
    body: { residentId: r.id, steps, screenshotShas: shots.map((s) => sha256(s)), notes: '' },
  }
}

async function push(token: string, records: unknown[]) {
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  return res.body.results
}

async function download(what: 'roster.xlsx' | 'roster-screenshots.zip', token: string, query: string) {
  const res = await fetch(`${server.url}/api/v1/exports/${what}?${query}`, { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

interface SheetRow {
  no: number
  town: string
  village: string
  grid: string
  doorplate: string
  name: string
  age: number
  phone: string
  installed: string
  realName: string
  warningOn: string
  worker: string
  files: string[]
}

async function readXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(bytes as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  const text = (row: number, col: number) => {
    const v = ws.getRow(row).getCell(col).value
    return v === null || v === undefined ? '' : String(v)
  }
  const rows: SheetRow[] = []
  for (let i = 3; i <= ws.rowCount; i++) {
    if (!text(i, 1)) continue
    rows.push({
      no: Number(text(i, 1)),
      town: text(i, 2),
      village: text(i, 3),
      grid: text(i, 4),
      doorplate: text(i, 5),
      name: text(i, 6),
      age: Number(text(i, 7)),
      phone: text(i, 8),
      installed: text(i, 9),
      realName: text(i, 10),
      warningOn: text(i, 11),
      worker: text(i, 12),
      files: text(i, 13) ? text(i, 13).split(';') : [],
    })
  }
  const headers = Array.from({ length: 13 }, (_, i) => text(2, i + 1))
  return { ws, title: text(1, 1), headers, rows }
}


const me = async (token: string) => (await api(server.url, 'GET', '/api/v1/me', { token })).body
const userName = async (gridId: string) =>
  (await server.db.kysely.selectFrom('users').select('name').where('area_id', '=', gridId).where('role', '=', 'worker').executeTakeFirstOrThrow()).name
const doorplate = async (r: Resident) =>
  (await server.db.kysely.selectFrom('households').select('doorplate').where('id', '=', r.household_id).executeTakeFirstOrThrow()).doorplate

it('gives the village head their village’s week as .xlsx: title, headers, exactly the rows, masked phones, dates, file names', async () => {
  const res = await download('roster.xlsx', tokens.head1, `week=${WEEK}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  expect(res.headers.get('content-encoding')).toBeNull()
  const village = (await server.db.kysely.selectFrom('areas').select('name').where('id', '=', 't1-v01').executeTakeFirstOrThrow()).name
  expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(`花名册_${village}_20261123-20261129.xlsx`)}`)

  const { ws, title, headers, rows } = await readXlsx(res.bytes)
  expect(title).toBe(`国家反诈中心APP推广安装注册花名册（${village}，2026-11-23 至 2026-11-29）`)
  expect(headers).toEqual(['序号', '镇（街道）', '村（社区）', '网格', '门牌', '姓名', '年龄', '手机号', '已安装', '已实名注册', '已开启预警', '网格员', '截图文件名'])
  expect(ws.getRow(2).getCell(1).font?.bold).toBe(true)
  expect(ws.getColumn(13).width).toBeGreaterThan(30)
  expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', printTitlesRow: '2:2' })
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 })

  const worker = await userName('t1-v01-g1')
  expect(rows).toEqual([
    {
      no: 1,
      town: expect.any(String),
      village,
      grid: expect.any(String),
      doorplate: await doorplate(a),
      name: a.name,
      age: YEAR - a.birth_year!,
      phone: maskPhone(a.phone),
      installed: '2026-11-23',
      realName: '2026-11-24',
      warningOn: '',
      worker,
      files: [`0001_${a.name}_1.jpg`, `0001_${a.name}_2.png`],
    },
    {
      no: 2,
      town: expect.any(String),
      village,
      grid: expect.any(String),
      doorplate: await doorplate(b),
      name: b.name,
      age: YEAR - b.birth_year!,
      phone: maskPhone(b.phone),
      installed: '2026-11-25',
      realName: '',
      warningOn: '2026-11-29',
      worker,
      files: [`0002_${b.name}_1.jpg`, `0002_${b.name}_2（待上传）`],
    },
  ])
  for (const r of rows) expect(r.phone).toMatch(/^1\d{2}\*{4}\d{4}$/)
  expect(res.bytes.includes(Buffer.from(a.phone!))).toBe(false)
})

it('zips the same rows’ screenshots under the sheet’s names, byte for byte, and lists the missing one', async () => {
  const sheet = await readXlsx((await download('roster.xlsx', tokens.head1, `week=${WEEK}`)).bytes)
  const res = await download('roster-screenshots.zip', tokens.head1, `week=${WEEK}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/zip')
  expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''.*\.zip$/)
  const zip = await unzip(res.bytes)
  const sheetFiles = sheet.rows.flatMap((r) => r.files).filter((f) => !f.endsWith('（待上传）'))
  expect([...zip.keys()].sort()).toEqual([...sheetFiles, '缺失截图.txt'].sort())
  expect(zip.get(`0001_${a.name}_1.jpg`)!.equals(files.a1)).toBe(true)
  expect(zip.get(`0001_${a.name}_2.png`)!.equals(files.a2)).toBe(true)
  expect(zip.get(`0002_${b.name}_1.jpg`)!.equals(files.b1)).toBe(true)
  const missing = zip.get('缺失截图.txt')!.toString('utf8')
  expect(missing).toContain(`0002_${b.name}_2（待上传）`)
  expect(missing).toContain(sha256(notUploaded))
  expect(missing).not.toContain(`0001_`)
})

it('gives a town official both villages, and refuses another village’s head with 403', async () => {
  const { rows } = await readXlsx((await download('roster.xlsx', tokens.town, `week=${WEEK}`)).bytes)
  expect(rows.map((r) => r.name)).toEqual([a.name, b.name, d.name])
  expect(rows.map((r) => r.no)).toEqual([1, 2, 3])
  expect(rows[2]).toMatchObject({ installed: '2026-11-26', worker: await userName('t1-v02-g1'), files: [`0003_${d.name}_1.png`] })
  const zip = await unzip((await download('roster-screenshots.zip', tokens.town, `week=${WEEK}`)).bytes)
  expect(zip.get(`0003_${d.name}_1.png`)!.equals(files.d1)).toBe(true)

  // The town official may also ask for one village.
  const one = await readXlsx((await download('roster.xlsx', tokens.town, `week=${WEEK}&areaId=t1-v02`)).bytes)
  expect(one.rows.map((r) => r.name)).toEqual([d.name])

  for (const what of ['roster.xlsx', 'roster-screenshots.zip'] as const) {
    for (const areaId of ['t1-v01', 't1', 'nope']) {
      const res = await download(what, tokens.head2, `week=${WEEK}&areaId=${areaId}`)
      expect(res.status).toBe(403)
      expect(JSON.parse(res.bytes.toString())).toMatchObject({ error: { code: 'FORBIDDEN' } })
    }
    expect((await download(what, tokens.w1, `week=${WEEK}&areaId=t1-v01`)).status).toBe(403)
    expect((await fetch(`${server.url}/api/v1/exports/${what}`)).status).toBe(401)
  }
  const bad = await download('roster.xlsx', tokens.head1, 'week=2026-13-45')
  expect(bad.status).toBe(400)
  expect(JSON.parse(bad.bytes.toString())).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
})

it('filters by week: a step outside the week is left out of scope=week, every 16–60 resident is in scope=all', async () => {
  const prev = await readXlsx((await download('roster.xlsx', tokens.head1, 'week=2026-11-22')).bytes)
  expect(prev.rows.map((r) => [r.name, r.installed])).toEqual([[c.name, '2026-11-22']])
  // A week with no install steps: no empty file, but a Chinese answer naming the week (both files alike).
  for (const file of ['roster.xlsx', 'roster-screenshots.zip'] as const) {
    const empty = await download(file, tokens.head1, 'week=2026-12-02')
    expect(empty.status).toBe(404)
    expect(JSON.parse(empty.bytes.toString()).error).toEqual({
      code: 'ROSTER_EMPTY',
      message: '2026-11-30 至 2026-12-06 这一周没有居民完成安装、实名或预警步骤，花名册为空，无需导出。可选择其他周',
      details: { from: '2026-11-30', to: '2026-12-06' },
    })
  }
  // scope=all of that week still lists every 16–60 resident.
  expect((await download('roster.xlsx', tokens.head1, 'week=2026-12-02&scope=all')).status).toBe(200)

  const all = await readXlsx((await download('roster.xlsx', tokens.head1, `week=${WEEK}&scope=all`)).bytes)
  const target = await server.db.kysely
    .selectFrom('residents as p')
    .innerJoin('households as h', 'h.id', 'p.household_id')
    .select('p.id')
    .where('p.village_id', '=', 't1-v01')
    .where('p.deleted_at', 'is', null)
    .where('h.deleted_at', 'is', null)
    .where('p.birth_year', '>=', YEAR - 60)
    .where('p.birth_year', '<=', YEAR - 16)
    .execute()
  expect(all.rows).toHaveLength(target.length)
  expect(all.rows.map((r) => r.no)).toEqual(target.map((_, i) => i + 1))
  expect(all.rows.find((r) => r.name === c.name && r.installed === '2026-11-22')).toBeTruthy()
  expect(all.rows.filter((r) => r.installed).map((r) => r.name).sort()).toEqual([a.name, b.name, c.name].sort())
})

it('reads the rows page by page (keyset by resident id) with the same result as one page', async () => {
  const area = await server.db.kysely.selectFrom('areas').selectAll().where('id', '=', 't1').executeTakeFirstOrThrow()
  const req = { area, period: rosterPeriod(WEEK, Date.now()), scope: 'all' as const }
  const collect = async (pageSize: number) => {
    const pages = []
    for await (const page of rosterPages(server.db, req, pageSize)) pages.push(page)
    return pages
  }
  const [one] = await collect(100_000)
  const small = await collect(7)
  expect(one.length).toBeGreaterThan(50)
  expect(small.length).toBe(Math.ceil(one.length / 7))
  expect(small.flat()).toEqual(one)
})

it('defaults to the week just ended (China time) and records every export in the audit trail', async () => {
  const before = await server.db.kysely.selectFrom('audit_log').select('seq').orderBy('seq', 'desc').executeTakeFirst()
  const res = await download('roster.xlsx', tokens.head1, '')
  expect(res.status).toBe(200)
  const start = chinaWeekStart(Date.now()) - 7 * 86_400_000
  const day = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '')
  expect(decodeURIComponent(res.headers.get('content-disposition')!.split("UTF-8''")[1])).toContain(`_${day(start)}-${day(start + 6 * 86_400_000)}.xlsx`)
  await download('roster-screenshots.zip', tokens.town, `week=${WEEK}`)

  const head = await me(tokens.head1)
  const entries = await server.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('seq', '>', before?.seq ?? 0)
    .where('action', 'like', 'export.%')
    .orderBy('seq')
    .execute()
  expect(entries.map((e) => [e.action, e.entity_id])).toEqual([
    ['export.roster', 't1-v01'],
    ['export.roster-zip', 't1'],
  ])
  expect(entries[0].user_id).toBe(head.id)
  expect(JSON.parse(entries[1].detail)).toEqual({ areaId: 't1', week: '2026-11-23', weekEnd: '2026-11-29', scope: 'week', rows: 3, files: 4, missing: 1 })
  const all = await server.db.kysely.selectFrom('audit_log').select(['action']).where('action', 'like', 'export.%').execute()
  // Every download in this file so far, refused ones excepted.
  expect(all.length).toBeGreaterThanOrEqual(10)
})
