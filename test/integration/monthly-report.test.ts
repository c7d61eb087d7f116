// The monthly report (每月报送) on the real server: records pushed across October and November 2026 under a
// controlled clock, the draft's figures and month-on-month change, scope, bad months, photo checks, and the
// downloaded .docx unzipped and read back (text of word/document.xml, pictures in word/media/), with its audit row.
import { figureLines } from '../../src/core/monthly-report'
import type { ReportChild, ReportPhoto } from '../../src/core/schemas/monthly-report'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { makeJpeg, makePng, sha256 } from '../helpers/images'
import { newId, visitRecord } from '../helpers/records'
import { docxContent } from '../helpers/docx-text'

jest.setTimeout(60_000)

/** China wall-clock time as epoch ms. */
const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)

const PHOTO_OCT = makeJpeg(320, 240, { seed: 1 })
const PHOTO_NOV_1 = makeJpeg(640, 480, { seed: 2 })
const PHOTO_NOV_2 = makePng(300, 400, { seed: 3 })
const PHOTO_OTHER_VILLAGE = makeJpeg(320, 240, { seed: 4 })
const HANDOUT_PHOTO = makeJpeg(320, 240, { seed: 5 })
const SIGNATURE = makePng(200, 80, { seed: 6 })

let server: TestServer
let clock = china(2026, 10, 15, 10)
let residents16to60 = 0
let installedResident: { id: string; household_id: string }

const hh = (grid: string, n: number) => `${grid}-h${String(n).padStart(3, '0')}`
const at = () => new Date(clock).toISOString()

function visit(householdId: string, outcome: 'met' | 'not_home' = 'met', photos: Buffer[] = []) {
  const r = visitRecord(householdId, outcome, { id: newId(clock), createdAt: at() })
  return { ...r, body: { ...r.body, visitedAt: at(), ...(photos.length ? { photoShas: photos.map(sha256) } : {}) } }
}

const envelope = (householdId: string) => ({ id: newId(clock), householdId, replaces: null, deviceId: 'dev', createdAt: at() })

async function pledge(householdId: string, signer: string) {
  const t = await server.db.kysely.selectFrom('pledge_templates').select(['id', 'content_hash']).executeTakeFirstOrThrow()
  return {
    ...envelope(householdId),
    kind: 'pledge',
    body: { templateId: t.id, templateHash: t.content_hash, signerName: signer, residentId: null, signatureSha: sha256(SIGNATURE), signedAt: at(), channel: 'worker_device' },
  }
}

function handout(householdId: string, items: { materialId: string; quantity: number }[], receipt: boolean, photos: Buffer[] = []) {
  return {
    ...envelope(householdId),
    kind: 'handout',
    body: { items, recipientName: '王五', residentId: null, receiptSignatureSha: receipt ? sha256(SIGNATURE) : null, handedAt: at(), photoShas: photos.map(sha256) },
  }
}

async function push(grid: string, records: unknown[]) {
  const token = await loginAs(server.url, `demo-${grid}`)
  const res = await api(server.url, 'POST', '/api/v1/sync/push', { token, body: { records } })
  expect(res.status).toBe(200)
  expect(res.body.results.filter((r: { status: string }) => r.status !== 'stored')).toEqual([])
}

async function upload(bytes: Buffer, grid: string) {
  const token = await loginAs(server.url, `demo-${grid}`)
  const res = await fetch(`${server.url}/api/v1/media/${sha256(bytes)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'upload-offset': '0', 'upload-length': String(bytes.length) },
    body: bytes,
  })
  expect(res.status).toBe(200)
}

async function docx(token: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1/reports/monthly.docx`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  const bytes = Buffer.from(await res.arrayBuffer())
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition') ?? '', bytes }
}

beforeAll(async () => {
  server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 9, 1) }, now: () => clock })
  const year = 2026
  const rows = await server.db.kysely
    .selectFrom('residents')
    .select(['id', 'household_id'])
    .where('village_id', '=', 't1-v01')
    .where('deleted_at', 'is', null)
    .where('birth_year', '>=', year - 60)
    .where('birth_year', '<=', year - 16)
    .orderBy('id')
    .execute()
  residents16to60 = rows.length
  installedResident = rows[0]

  // October, t1-v01: 4 households of g1 visited (one with a photo), one of g2 not at home; 2 pledges; 3 leaflets.
  clock = china(2026, 10, 15, 10)
  await upload(PHOTO_OCT, 't1-v01-g1')
  await push('t1-v01-g1', [
    visit(hh('t1-v01-g1', 1), 'met', [PHOTO_OCT]),
    ...[2, 3, 4].map((n) => visit(hh('t1-v01-g1', n))),
    await pledge(hh('t1-v01-g1', 1), '张一'),
    await pledge(hh('t1-v01-g1', 2), '张二'),
    handout(hh('t1-v01-g1', 3), [{ materialId: 'mat-leaflet', quantity: 3 }], false),
  ])
  await push('t1-v01-g2', [visit(hh('t1-v01-g2', 1), 'not_home')])

  // November: 4 more in g1 and 4 in g2 (two with photos), a pledge, an install, a 告知书 with a signed receipt
  // and a photo; t1-v02 visits one household with a photo.
  clock = china(2026, 11, 10, 10)
  for (const p of [PHOTO_NOV_1, HANDOUT_PHOTO, SIGNATURE]) await upload(p, 't1-v01-g1')
  await push('t1-v01-g1', [
    visit(hh('t1-v01-g1', 5), 'met', [PHOTO_NOV_1]),
    ...[6, 7, 8].map((n) => visit(hh('t1-v01-g1', n))),
    await pledge(hh('t1-v01-g1', 5), '张五'),
    handout(hh('t1-v01-g1', 6), [{ materialId: 'mat-notice', quantity: 1 }], true, [HANDOUT_PHOTO]),
  ])
  clock = china(2026, 11, 20, 16)
  await upload(PHOTO_NOV_2, 't1-v01-g2')
  const day = '2026-11-20'
  const gridOf = installedResident.household_id.slice(0, 't1-v01-g1'.length)
  await push(gridOf, [
    {
      ...envelope(installedResident.household_id),
      kind: 'install',
      body: { residentId: installedResident.id, steps: [{ step: 'installed', doneOn: day }, { step: 'real_name', doneOn: day }], screenshotShas: ['e'.repeat(64)], notes: '' },
    },
  ])
  await push('t1-v01-g2', [visit(hh('t1-v01-g2', 1), 'met', [PHOTO_NOV_2]), ...[2, 3, 4].map((n) => visit(hh('t1-v01-g2', n)))])
  await upload(PHOTO_OTHER_VILLAGE, 't1-v02-g1')
  await push('t1-v02-g1', [visit(hh('t1-v02-g1', 1), 'met', [PHOTO_OTHER_VILLAGE])])

  // Received after November ended: belongs to December.
  clock = china(2026, 12, 1, 1)
  await push('t1-v01-g1', [visit(hh('t1-v01-g1', 1))])
  clock = china(2026, 12, 3, 10)
})
afterAll(async () => server?.close())

const draft = async (token: string, query: string) => api(server.url, 'GET', `/api/v1/reports/monthly${query}`, { token })

describe(`monthly report (${TEST_DIALECT})`, () => {
  it('opens on the current month, as of now', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const res = await draft(head, '')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ month: '2026-12', previousMonth: '2026-11', asOf: new Date(clock).toISOString() })
    expect(res.body.current.visits).toBe(1)
  })

  it('gives a village head a past month’s figures, the change from the month before, per grid', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const res = await draft(head, '?month=2026-11')
    expect(res.status).toBe(200)
    const d = res.body
    expect(d).toMatchObject({ month: '2026-11', previousMonth: '2026-10', title: `${d.area.name}反诈宣传工作月报（2026年11月）` })
    expect(d.area).toMatchObject({ id: 't1-v01', level: 'village' })
    expect(d.asOf).toBe(new Date(china(2026, 12, 1)).toISOString())
    expect(d.current).toEqual({
      households: 16,
      visited: 12,
      pledged: 3,
      residents: residents16to60,
      installed: 1,
      realName: 1,
      warningOn: 0,
      visits: 8,
      handouts: { 'mat-leaflet': 3, 'mat-notice': 1 },
    })
    expect(d.previous).toEqual({ households: 16, visited: 4, pledged: 2, residents: residents16to60, installed: 0, realName: 0, warningOn: 0, visits: 5, handouts: { 'mat-leaflet': 3 } })
    expect(d.children.map((c: ReportChild) => [c.areaId, c.current.visited, c.current.visits, c.previous.visited, c.previous.visits])).toEqual([
      ['t1-v01-g1', 8, 4, 4, 4],
      ['t1-v01-g2', 4, 4, 0, 1],
    ])
    const lines = new Map(figureLines(d.current, d.previous).map((l) => [l.key, l]))
    expect(lines.get('visitPct')).toMatchObject({ current: 75, previous: 25, change: 50 })
    expect(lines.get('pledgePct')).toMatchObject({ current: 18.8, previous: 12.5, change: 6.3 })
    // t1-v01 is an urban community (东城社区 in this seed): its households are 住户, not 农户.
    expect(d.area.name).toMatch(/社区$/)
    expect(d.summary).toContain('本月共走访住户8户次')
    expect(d.summary).toContain('入户宣传率')
    expect(d.summary).toContain('较上月提高50个百分点')
    expect(d.summary).toContain('告知书1份')
  })

  it('offers the month’s visit and hand-out photos of the area, newest first, without receipt signatures', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const d = (await draft(head, '?month=2026-11')).body
    // The hand-out and the first visit happened at the same minute: the later-stored record comes first.
    expect(d.photos.map((p: ReportPhoto) => p.sha256)).toEqual([sha256(PHOTO_NOV_2), sha256(HANDOUT_PHOTO), sha256(PHOTO_NOV_1)])
    expect(d.photos[0]).toMatchObject({ doorplate: expect.any(String), gridName: expect.any(String), date: '2026-11-20', kind: 'visit' })
    expect(d.photos.map((p: ReportPhoto) => p.sha256)).not.toContain(sha256(SIGNATURE))
    const october = (await draft(head, '?month=2026-10')).body
    expect(october.photos.map((p: ReportPhoto) => p.sha256)).toEqual([sha256(PHOTO_OCT)])
  })

  it('calls a rural village’s households 农户', async () => {
    // This small seed has communities only; t2-v02 is renamed into a village for the test, and back.
    const before = await server.db.kysely.selectFrom('areas').select('name').where('id', '=', 't2-v02').executeTakeFirstOrThrow()
    await server.db.kysely.updateTable('areas').set({ name: '石桥村' }).where('id', '=', 't2-v02').execute()
    try {
      const county = await loginAs(server.url, 'demo-county')
      expect((await draft(county, '?areaId=t2-v02&month=2026-11')).body.summary).toMatch(/本月共走访农户\d+户次/)
      // Its town holds a community too: 住户.
      expect((await draft(county, '?areaId=t2&month=2026-11')).body.summary).toMatch(/本月共走访住户\d+户次/)
    } finally {
      await server.db.kysely.updateTable('areas').set({ name: before.name }).where('id', '=', 't2-v02').execute()
    }
  })

  it('gives a town official the town with its villages, and the county admin any area', async () => {
    const town = await loginAs(server.url, 'demo-t1')
    const d = (await draft(town, '?month=2026-11')).body
    expect(d.area.id).toBe('t1')
    expect(d.children.map((c: ReportChild) => [c.areaId, c.current.visited])).toEqual([
      ['t1-v01', 12],
      ['t1-v02', 1],
    ])
    expect(d.current.visited).toBe(13)
    expect((await draft(town, '?areaId=t1-v02&month=2026-11')).body.photos.map((p: ReportPhoto) => p.sha256)).toEqual([sha256(PHOTO_OTHER_VILLAGE)])
    const county = await loginAs(server.url, 'demo-county')
    expect((await draft(county, '?areaId=t1-v01&month=2026-11')).body.current.visited).toBe(12)
  })

  it('keeps to the caller’s scope and refuses workers and grids', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    expect((await draft(head, '?areaId=t1-v02')).status).toBe(403)
    expect((await draft(head, '?areaId=t1')).status).toBe(403)
    const town = await loginAs(server.url, 'demo-t1')
    expect((await draft(town, '?areaId=t2-v01')).status).toBe(403)
    const worker = await loginAs(server.url, 'demo-t1-v01-g1')
    expect((await draft(worker, '')).status).toBe(403)
    expect((await docx(worker, { month: '2026-11', summary: 'x', photoIds: [] })).status).toBe(403)
    const grid = await draft(head, '?areaId=t1-v01-g1')
    expect(grid.status).toBe(422)
    expect(grid.body.error.code).toBe('REPORT_AREA_LEVEL')
  })

  it('refuses malformed and future months with a code', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    for (const month of ['2026-13', '202611', '2026-1', 'abc']) {
      const res = await draft(head, `?month=${month}`)
      expect([res.status, res.body.error.code]).toEqual([400, 'REPORT_MONTH_INVALID'])
    }
    const future = await draft(head, '?month=2027-01')
    expect([future.status, future.body.error.code, future.body.error.message]).toEqual([400, 'REPORT_MONTH_FUTURE', '该月份尚未开始，无法生成月报'])
    // The month still running is allowed, as of now.
    const running = await draft(head, '?month=2026-12')
    expect(running.status).toBe(200)
    expect(running.body.current.visits).toBe(1)
    expect(running.body.asOf).toBe(new Date(clock).toISOString())
  })

  it('refuses photos of another area or month, and an over-long summary', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    for (const photo of [PHOTO_OTHER_VILLAGE, PHOTO_OCT, SIGNATURE]) {
      const res = await docx(head, { month: '2026-11', summary: '总结', photoIds: [sha256(photo)] })
      expect(res.status).toBe(422)
      expect(JSON.parse(res.bytes.toString()).error.code).toBe('REPORT_PHOTO_INVALID')
    }
    const long = await docx(head, { month: '2026-11', summary: '字'.repeat(2001), photoIds: [] })
    expect(long.status).toBe(400)
    const seven = await docx(head, { month: '2026-11', summary: '总结', photoIds: Array.from({ length: 7 }, (_, i) => String(i).repeat(64)) })
    expect(seven.status).toBe(400)
  })

  it('downloads the edited report as a .docx a reader opens: title, summary verbatim, figures, photos; audited', async () => {
    const head = await loginAs(server.url, 'demo-t1-v01')
    const d = (await draft(head, '?month=2026-11')).body
    const summary = `${d.summary}\n本月组织“反诈宣传进万家”活动2场，群众反响良好 & 踊跃参与<测试>。`
    const picked = [sha256(PHOTO_NOV_1), sha256(PHOTO_NOV_2)]
    const res = await docx(head, { areaId: 't1-v01', month: '2026-11', summary, photoIds: picked })
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(res.disposition).toContain(`filename*=UTF-8''${encodeURIComponent(`${d.area.name}反诈宣传工作月报_202611.docx`)}`)

    const doc = await docxContent(res.bytes)
    expect(doc.paragraphs[0]).toBe(d.title)
    const text = doc.paragraphs.join('\n')
    for (const line of summary.split('\n')) expect(doc.paragraphs).toContain(line)
    expect(text).toContain('数据截至：2026-11-30')
    // The figures table: 入户宣传率 this month, last month, change; the per-grid rows and the total.
    const cells = doc.paragraphs
    const at = cells.indexOf('入户宣传率')
    expect(cells.slice(at, at + 4)).toEqual(['入户宣传率', '75%', '25%', '+50个百分点'])
    const visits = cells.indexOf('当月走访次数（次）')
    expect(cells.slice(visits, visits + 4)).toEqual(['当月走访次数（次）', '8', '5', '+3次'])
    const notice = cells.indexOf('发放告知书（份，累计）')
    expect(cells.slice(notice, notice + 4)).toEqual(['发放告知书（份，累计）', '1', '0', '+1份'])
    const g1 = cells.indexOf(d.children[0].name)
    expect(cells.slice(g1, g1 + 4)).toEqual([d.children[0].name, '8', '100%', '4'])
    expect(cells.slice(cells.indexOf('合计'), cells.indexOf('合计') + 3)).toEqual(['合计', '16', '75%'])
    // Two pictures, each with its caption.
    expect(doc.media).toHaveLength(2)
    expect(doc.paragraphs.filter((p) => /^图\d/.test(p))).toHaveLength(2)
    expect(text).toContain('2026-11-20 入户走访')
    expect(doc.xml).toContain('w:eastAsia="仿宋"')
    expect(doc.xml).toContain('w:eastAsia="黑体"')

    const audit = await server.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'report.export').execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ entity: 'area', entity_id: 't1-v01', user_id: expect.any(String) })
    expect(Number(audit[0].at)).toBe(clock)
    expect(JSON.parse(audit[0].detail)).toMatchObject({ areaId: 't1-v01', month: '2026-11', photos: 2 })
  })
})
