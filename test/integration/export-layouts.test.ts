// Exports for the 上级平台 in the county's own layout (#13, 最多报一次): the county admin names once which column
// header holds which field, in which order, with which date format; the 花名册 and the 入户走访登记 are then written
// that way beside their default format, read back here with exceljs. Phones stay masked.
import { chinaDate } from '../../src/core/china-time'
import { maskPhone } from '../../src/core/mask'
import { api, loginAs, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'
import { download, readXlsx } from '../helpers/imports'
import { newId, visitRecord } from '../helpers/records'

jest.setTimeout(60_000)

const SHOT = 'cd'.repeat(32)

describe(`export layouts for the 上级平台 (${TEST_DIALECT})`, () => {
  let server: TestServer
  let worker: string
  let head: string
  let town: string
  let county: string
  let residents: { id: string; household_id: string; name: string; phone: string | null }[]
  const now = Date.now()
  const today = chinaDate(now)
  const [y, m, d] = today.split('-').map(Number)

  beforeAll(async () => {
    server = await startTestServer()
    worker = await loginAs(server.url, 'demo-t1-v01-g1')
    head = await loginAs(server.url, 'demo-t1-v01')
    town = await loginAs(server.url, 'demo-t1')
    county = await loginAs(server.url, 'demo-county')
    residents = await server.db.kysely
      .selectFrom('residents')
      .select(['id', 'household_id', 'name', 'phone'])
      .where('grid_id', '=', 't1-v01-g1')
      .where('phone', 'is not', null)
      .orderBy('id')
      .limit(2)
      .execute()
    const install = (r: (typeof residents)[number], extra: object) => ({
      id: newId(),
      kind: 'install',
      householdId: r.household_id,
      replaces: null,
      deviceId: 'dev',
      createdAt: new Date(now).toISOString(),
      body: { residentId: r.id, steps: [{ step: 'installed', doneOn: today }], screenshotShas: [], notes: '', ...extra },
    })
    const visit = visitRecord(residents[0].household_id, 'met')
    Object.assign(visit.body, { residentIds: [residents[0].id], notes: '讲解了刷单诈骗' })
    // Entered today for a visit made a week ago: it belongs to last week's register.
    const late = visitRecord(residents[1].household_id, 'not_home')
    Object.assign(late.body, { visitedAt: new Date(now - 7 * 86_400_000).toISOString() })
    const records = [install(residents[0], { screenshotShas: [SHOT] }), install(residents[1], { screenshotDeclined: true }), visit, late]
    const res = await api(server.url, 'POST', '/api/v1/sync/push', { token: worker, body: { records } })
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored'])
  })
  afterAll(async () => server?.close())

  const put = (token: string, kind: string, body: unknown) => api(server.url, 'PUT', `/api/v1/export-layouts/${kind}`, { token, body })
  const ROSTER_LAYOUT = {
    name: '市平台花名册',
    columns: [
      { field: 'village', header: '所属村居' },
      { field: 'name', header: '群众姓名' },
      { field: 'phone', header: '联系电话' },
      { field: 'installedOn', header: '下载安装时间' },
      { field: 'proof', header: '佐证材料' },
    ],
    dateFormat: 'YYYY年M月D日',
  }

  it('has none until the county sets one; format=county says so before any byte', async () => {
    expect((await api(server.url, 'GET', '/api/v1/export-layouts', { token: worker })).body.items).toEqual([])
    const res = await api(server.url, 'GET', '/api/v1/exports/visits.xlsx?format=county', { token: head })
    expect([res.status, res.body.error.code]).toEqual([404, 'EXPORT_LAYOUT_NOT_SET'])
  })

  it('is set by the county admin only, with known fields and distinct headers, audited', async () => {
    expect((await put(town, 'roster', ROSTER_LAYOUT)).status).toBe(403)
    const unknown = await put(county, 'roster', { ...ROSTER_LAYOUT, columns: [{ field: 'idNumber', header: '身份证号' }] })
    expect([unknown.status, unknown.body.error.code]).toEqual([422, 'EXPORT_LAYOUT_FIELD_UNKNOWN'])
    // A visit field is not a roster field.
    expect((await put(county, 'roster', { ...ROSTER_LAYOUT, columns: [{ field: 'outcome', header: '结果' }] })).status).toBe(422)
    const twice = await put(county, 'roster', { ...ROSTER_LAYOUT, columns: [{ field: 'name', header: '姓名' }, { field: 'grid', header: '姓名' }] })
    expect(twice.status).toBe(400)
    const res = await put(county, 'roster', ROSTER_LAYOUT)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ kind: 'roster', name: '市平台花名册', columns: ROSTER_LAYOUT.columns, dateFormat: 'YYYY年M月D日' })
    const listed = (await api(server.url, 'GET', '/api/v1/export-layouts', { token: worker })).body.items
    expect(listed.map((l: { kind: string }) => l.kind)).toEqual(['roster'])
    const audit = await server.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'export_layout.set').execute()
    expect(audit.map((a) => a.entity_id?.split('/')[1])).toEqual(['roster'])
  })

  it('writes the roster in the county layout: its headers, order and date format, phones masked, 居民不愿截图 as such', async () => {
    const file = await download(server.url, head, `/exports/roster.xlsx?week=${today}&format=county`)
    expect(file.status).toBe(200)
    const rows = (await readXlsx(file.bytes))['花名册']
    expect(rows[0]).toEqual(['所属村居', '群众姓名', '联系电话', '下载安装时间', '佐证材料'])
    const date = `${y}年${m}月${d}日`
    const village = rows[1][0]
    expect(rows.slice(1)).toEqual([
      [village, residents[0].name, maskPhone(residents[0].phone), date, '截图1张'],
      [village, residents[1].name, maskPhone(residents[1].phone), date, '居民不愿截图'],
    ])
    expect(JSON.stringify(rows)).not.toContain(residents[0].phone!)
    // The default format is still there, unchanged in its columns, and says 居民不愿截图 in its screenshot column.
    const plain = (await readXlsx((await download(server.url, head, `/exports/roster.xlsx?week=${today}`)).bytes))['花名册']
    expect(plain[0][0]).toMatch(/^国家反诈中心APP推广安装注册花名册/)
    expect(plain[1][0]).toBe('序号')
    expect(plain[2].at(-1)).toMatch(/^0001_/)
    expect(plain[3].at(-1)).toBe('居民不愿截图')
  })

  it('writes the visit register in its default columns, and in the county layout once set', async () => {
    const plain = await download(server.url, head, `/exports/visits.xlsx?week=${today}`)
    expect(plain.status).toBe(200)
    const rows = (await readXlsx(plain.bytes))['入户走访登记']
    expect(rows[0]).toEqual(['序号', '镇（街道）', '村（社区）', '网格', '门牌', '户主', '走访日期', '走访时间', '走访结果', '宣传人数', '见面居民', '走访人', '备注', '照片张数'])
    expect(rows).toHaveLength(2)
    expect(rows[1].slice(6, 13)).toEqual([today, expect.stringMatching(/^\d\d:\d\d$/), '见面宣传', '2', residents[0].name, expect.any(String), '讲解了刷单诈骗'])

    const layout = {
      name: '市平台走访台账',
      columns: [
        { field: 'visitedOn', header: '走访时间' },
        { field: 'doorplate', header: '住址' },
        { field: 'residents', header: '宣传对象' },
        { field: 'outcome', header: '情况' },
      ],
      dateFormat: 'YYYY/MM/DD',
    }
    expect((await put(county, 'visits', layout)).status).toBe(200)
    const mapped = (await readXlsx((await download(server.url, head, `/exports/visits.xlsx?week=${today}&format=county`)).bytes))['入户走访登记']
    const doorplate = (await server.db.kysely.selectFrom('households').select('doorplate').where('id', '=', residents[0].household_id).executeTakeFirstOrThrow()).doorplate
    expect(mapped).toEqual([
      ['走访时间', '住址', '宣传对象', '情况'],
      [today.replaceAll('-', '/'), doorplate, residents[0].name, '见面宣传'],
    ])
    // The visit entered late is in the register of the week it was made, by its own date.
    const lastWeek = chinaDate(now - 7 * 86_400_000)
    const earlier = (await readXlsx((await download(server.url, head, `/exports/visits.xlsx?week=${lastWeek}&format=county`)).bytes))['入户走访登记']
    expect(earlier.slice(1).map((r) => [r[0], r[3]])).toEqual([[lastWeek.replaceAll('-', '/'), '不在家']])
    // Another village's head sees none of this village's visits.
    const other = await loginAs(server.url, 'demo-t1-v02')
    expect((await readXlsx((await download(server.url, other, `/exports/visits.xlsx?week=${today}&format=county`)).bytes))['入户走访登记']).toHaveLength(1)
    const audits = await server.db.kysely.selectFrom('audit_log').select('detail').where('action', '=', 'export.visits').execute()
    expect(audits.map((a) => JSON.parse(a.detail as string).format)).toEqual(['default', 'county', 'county', 'county'])
  })
})
