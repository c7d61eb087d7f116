// The household register import end to end on the demo county: template, a file with bad rows (each refused with
// its reason, the rest in), the fixed file (only the fixed rows change), the same file again (nothing changes), GBK
// CSV read like UTF-8, what the register no longer lists, and scope.
import { API_PREFIX } from '@core/api'
import type { ImportJob } from '@core/schemas/imports'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { applyJob, check, csvText, download, gbk, readXlsx, refusedRows, upload, xlsxOf } from '../../helpers/imports'
import { deleteHousehold } from '../../../server/src/services/households'

jest.setTimeout(120_000)

const HEADER = ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '性别', '出生日期', '手机号', '与户主关系', '标签']

describe(`household register import (${TEST_DIALECT})`, () => {
  let server: TestServer
  let town: string
  let county: string
  let otherTown: string
  /** Names of 城关镇 (t1), its first village and that village's grid 1, and a stored household there. */
  let t: { town: string; village: string; village2: string; grid: string; household: { id: string; doorplate: string; head: string; members: string[] } }

  async function snapshot() {
    const households = await server.db.kysely.selectFrom('households').selectAll().orderBy('id').execute()
    const residents = await server.db.kysely.selectFrom('residents').selectAll().orderBy('id').execute()
    const tallies = await server.db.kysely.selectFrom('grid_tallies').selectAll().orderBy('grid_id').execute()
    const people = await server.db.kysely.selectFrom('grid_resident_tallies').selectAll().orderBy('grid_id').orderBy('birth_year').execute()
    // doorplate_key is the server's own lookup column, filled in on first sight.
    return { households: households.map(({ doorplate_key: _k, ...h }) => h), residents, tallies, people }
  }

  beforeAll(async () => {
    server = await startTestServer({ seed: SMALL_COUNTY })
    town = await loginAs(server.url, 'demo-t1')
    county = await loginAs(server.url, 'demo-county')
    otherTown = await loginAs(server.url, 'demo-t2')
    const k = server.db.kysely
    const name = async (id: string) => (await k.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name
    const h = await k.selectFrom('households').selectAll().where('grid_id', '=', 't1-v01-g1').orderBy('id').executeTakeFirstOrThrow()
    const members = await k.selectFrom('residents').select('name').where('household_id', '=', h.id).orderBy('id').execute()
    t = {
      town: await name('t1'),
      village: await name('t1-v01'),
      village2: await name('t1-v02'),
      grid: await name('t1-v01-g1'),
      household: { id: h.id, doorplate: h.doorplate, head: h.head_name, members: members.map((m) => m.name) },
    }
    const grid1 = await k
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select(['h.doorplate', 'h.head_name', 'r.name'])
      .where('h.grid_id', '=', 't1-v01-g1')
      .where('r.deleted_at', 'is', null)
      .orderBy('r.id')
      .execute()
    base = grid1.map((r) => [t.town, t.village, t.grid, r.doorplate, r.head_name, r.name, '', '', '', '', ''])
  })
  afterAll(async () => server?.close())

  it('offers a template that reads back with its columns, notes and the town’s grids', async () => {
    const res = await download(server.url, town, '/imports/templates/register')
    expect(res.status).toBe(200)
    expect(res.type).toContain('spreadsheetml')
    const book = await readXlsx(res.bytes)
    expect(book['户籍花名册'][0]).toEqual(['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '性别', '出生日期', '身份证号', '手机号', '与户主关系', '标签'])
    expect(book['填写说明'].some((r) => r[0] === '门牌号' && r[1].includes('地址'))).toBe(true)
    const areas = book['现有区域'].slice(1)
    expect(areas).toContainEqual([t.town, t.village, t.grid])
    expect(areas.every((r) => r[0] === t.town)).toBe(true)
    // The empty template checks as an empty import.
    const job = await check(server.url, town, 'register', res.bytes, { fileName: '模板.xlsx' })
    expect(job.status).toBe('checked')
    expect(job.check!.rows.total).toBe(0)
  })

  /** Grid 1's register as stored: one row per live resident (the grid's full list, as a county would send it). */
  let base: (string | number | null)[][]
  const NEW_FAMILY = () => [
    [t.town, t.village, t.grid, '幸福路 8 号', '王建国', '王建国', '男', '1962-03-15', '13911112222', '户主', '老年人'],
    [t.town, t.village, t.grid, '幸福路８号', '王建国', '李秀英', '女', '1965年7月', '', '配偶', '老年人、重点人群'],
    [t.town, t.village, t.grid, '幸福路8号', '王建国', '王小明', '男', '2010', '', '子女', '学生'],
  ]
  /** The register with a new family, and the stored household's head with a new phone. */
  const GOOD = () => [
    ...base.map((r) => (r[5] === t.household.head && r[3] === t.household.doorplate ? [...r.slice(0, 8), '13700001111', ...r.slice(9)] : r)),
    ...NEW_FAMILY(),
  ]
  const BAD = () => [
    [t.town, t.village, '第9网格', '幸福路9号', '赵六', '赵六', '男', '1970-01-01', '', '户主', ''],
    [t.town, t.village, t.grid, '幸福路 8号', '王建国', '王小明', '男', '2010', '', '子女', ''],
    [t.town, t.village, t.grid, '幸福路10号', '孙七', '孙七', '男', '1980-13-45', '', '户主', ''],
    [t.town, t.village, t.grid, '幸福路8号', '王建民', '王芳', '女', '1990', '', '女儿', ''],
    [t.town, '', '第1网格', '幸福路11号', '周八', '周八', '女', '1975', '', '户主', ''],
  ]

  let firstJob: ImportJob

  it('checks a file with bad rows: each refused with its reason, nothing written', async () => {
    const before = await snapshot()
    const file = await xlsxOf({ 花名册: [['青禾县户籍花名册'], HEADER, ...GOOD(), ...BAD()] })
    firstJob = await check(server.url, town, 'register', file, { fileName: '花名册.xlsx' })
    expect(firstJob.status).toBe('checked')
    const n = base.length
    expect(firstJob.check!.rows).toEqual({ total: n + 8, created: 3, updated: 1, unchanged: n - 1, refused: 5 })
    expect(firstJob.check!.entities.households).toMatchObject({ created: 1, updated: 0, offRegister: 0, removed: 0 })
    expect(firstJob.check!.entities.residents).toMatchObject({ created: 3, updated: 1, unchanged: n - 1, offRegister: 0, removed: 0 })
    const refused = await refusedRows(server.url, town, firstJob.id)
    // Line 1 is the title, line 2 the header, then the register, the new family, the bad rows.
    const line = (k: number) => `花名册 第${n + 5 + k}行`
    const reason = (k: number) => refused.find((r) => r.source === line(k))?.message
    expect(refused).toHaveLength(5)
    expect(reason(1)).toContain('找不到网格「第9网格」')
    expect(reason(2)).toContain(`与花名册 第${n + 5}行重复`)
    expect(reason(3)).toContain('出生日期「1980-13-45」无法识别')
    expect(reason(4)).toContain(`户主「王建民」与花名册 第${n + 3}行的户主「王建国」不一致`)
    expect(reason(5)).toMatch(/网格「第1网格」有 \d+ 个同名.*请填写村（社区）/)
    expect(await snapshot()).toEqual(before)
  })

  it('downloads the report with every row, the refused ones marked', async () => {
    const res = await download(server.url, town, `/imports/${firstJob.id}/report.xlsx`)
    expect(res.status).toBe(200)
    const book = await readXlsx(res.bytes)
    const rows = book['户籍花名册']
    expect(rows[0]).toEqual(['序号', '位置', ...HEADER, '结果', '说明'])
    expect(rows).toHaveLength(base.length + 9)
    expect(rows.filter((r) => r[HEADER.length + 2] === '未导入')).toHaveLength(5)
    expect(rows[base.length + 4][HEADER.length + 3]).toContain('找不到网格')
    expect(book['汇总'].flat()).toContain('未导入')
    // The report reads back as a register: the same rows, the same outcomes.
    const again = await check(server.url, town, 'register', res.bytes, { fileName: '报告.xlsx' })
    expect(again.check!.rows).toEqual(firstJob.check!.rows)
  })

  it('applies: the good rows go in, counted on the dashboards', async () => {
    const before = await server.db.kysely.selectFrom('grid_tallies').selectAll().where('grid_id', '=', 't1-v01-g1').executeTakeFirstOrThrow()
    const job = await applyJob(server.url, town, firstJob.id)
    expect(job.status).toBe('applied')
    expect(job.apply!.rows).toEqual(firstJob.check!.rows)
    const k = server.db.kysely
    const h = await k.selectFrom('households').selectAll().where('grid_id', '=', 't1-v01-g1').where('head_name', '=', '王建国').executeTakeFirstOrThrow()
    expect(h.doorplate).toBe('幸福路 8 号')
    const members = await k.selectFrom('residents').selectAll().where('household_id', '=', h.id).orderBy('name').execute()
    expect(members.map((m) => [m.name, m.gender, m.birth_year, m.relation, JSON.parse(m.tags)])).toEqual([
      ['李秀英', 'F', 1965, '配偶', ['老年人', '重点人群']],
      ['王小明', 'M', 2010, '子女', ['学生']],
      ['王建国', 'M', 1962, '户主', ['老年人']],
    ])
    const head = await k.selectFrom('residents').selectAll().where('household_id', '=', t.household.id).where('name', '=', t.household.head).executeTakeFirstOrThrow()
    expect(head.phone).toBe('13700001111')
    const after = await k.selectFrom('grid_tallies').selectAll().where('grid_id', '=', 't1-v01-g1').executeTakeFirstOrThrow()
    expect(after.households).toBe(before.households + 1)
    const coverage = await api(server.url, 'GET', `${API_PREFIX}/coverage?areaId=t1-v01`, { token: town })
    expect(coverage.status).toBe(200)
    const audit = await k.selectFrom('audit_log').selectAll().where('action', '=', 'import.apply').where('entity_id', '=', firstJob.id).execute()
    expect(audit).toHaveLength(1)
    // Applied once: a second apply is refused.
    const again = await api(server.url, 'POST', `${API_PREFIX}/imports/${firstJob.id}/apply`, { token: town })
    expect([again.status, again.body.error.code]).toEqual([409, 'IMPORT_ALREADY_APPLIED'])
  })

  it('the fixed file changes only the fixed rows; the same file again changes nothing', async () => {
    // The bad rows fixed (the duplicate deleted): all in grid 1, whose whole register the file is.
    const fixed = [
      [t.town, t.village, t.grid, '幸福路9号', '赵六', '赵六', '男', '1970-01-01', '', '户主', ''],
      [t.town, t.village, t.grid, '幸福路10号', '孙七', '孙七', '男', '1980-12-05', '', '户主', ''],
      [t.town, t.village, t.grid, '幸福路8号', '王建国', '王芳', '女', '1990', '', '女儿', ''],
      [t.town, t.village, '第1网格', '幸福路11号', '周八', '周八', '女', '1975', '', '户主', ''],
    ]
    const file = await xlsxOf({ 花名册: [HEADER, ...GOOD(), ...fixed] })
    const before = await snapshot()
    const job = await applyJob(server.url, town, (await check(server.url, town, 'register', file)).id)
    const n = base.length + 3
    expect(job.apply!.rows).toEqual({ total: n + 4, created: 4, updated: 0, unchanged: n, refused: 0 })
    const after = await snapshot()
    expect(after.residents.length - before.residents.length).toBe(4)
    // Nothing stored before this file changed.
    const beforeById = new Map(before.residents.map((r) => [r.id, r]))
    expect(after.residents.filter((r) => beforeById.has(r.id) && JSON.stringify(r) !== JSON.stringify(beforeById.get(r.id)))).toEqual([])

    const rev = async () => (await server.db.kysely.selectFrom('counters').select('value').where('name', '=', 'rev').executeTakeFirstOrThrow()).value
    const revBefore = await rev()
    const twice = await applyJob(server.url, town, (await check(server.url, town, 'register', file)).id)
    expect(twice.check!.rows).toEqual({ total: n + 4, created: 0, updated: 0, unchanged: n + 4, refused: 0 })
    expect(twice.apply!.rows).toEqual(twice.check!.rows)
    expect(twice.apply!.entities.households).toMatchObject({ created: 0, updated: 0, offRegister: 0, removed: 0 })
    expect(await snapshot()).toEqual(after)
    expect(await rev()).toBe(revBefore)
  })

  it('reads GBK and UTF-8 (with or without BOM) CSV alike', async () => {
    const rows = [HEADER, ...NEW_FAMILY()]
    const text = csvText(rows)
    const jobs = [
      await check(server.url, town, 'register', Buffer.from(text, 'utf8'), { fileName: 'utf8.csv' }),
      await check(server.url, town, 'register', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), { fileName: 'bom.csv' }),
      await check(server.url, town, 'register', gbk(text), { fileName: 'gbk.csv', contentType: 'application/vnd.ms-excel' }),
    ]
    const rowsOf = async (job: ImportJob) => {
      const res = await api(server.url, 'GET', `${API_PREFIX}/imports/${job.id}/rows?outcome=unchanged`, { token: town })
      return res.body.rows.map((r: { cells: unknown; outcome: string }) => [r.cells, r.outcome])
    }
    for (const job of jobs) {
      expect(job.status).toBe('checked')
      expect(job.check!.rows).toEqual({ total: 3, created: 0, updated: 0, unchanged: 3, refused: 0 })
      expect(await rowsOf(job)).toEqual(await rowsOf(jobs[0]))
    }
    const cells = (await rowsOf(jobs[2]))[0][0]
    expect(cells).toMatchObject({ grid: t.grid, name: '王建国', tags: '老年人' })
  })

  it('marks households and members the new register no longer lists: kept with records, removed without', async () => {
    const k = server.db.kysely
    // Grid 2 of the first village: drop one member of a household and a household with records and one without.
    const households = await k.selectFrom('households').selectAll().where('grid_id', '=', 't1-v01-g2').where('deleted_at', 'is', null).orderBy('id').execute()
    const residents = await k.selectFrom('residents').selectAll().where('grid_id', '=', 't1-v01-g2').where('deleted_at', 'is', null).orderBy('id').execute()
    const [withRecords, withoutRecords, shrinking] = households
    await k
      .insertInto('records')
      .values({
        id: 'rec-import-test',
        kind: 'visit',
        household_id: withRecords.id,
        grid_id: withRecords.grid_id,
        village_id: withRecords.village_id,
        town_id: withRecords.town_id,
        county_id: withRecords.county_id,
        author_id: 'u-t1-v01-g2',
        device_id: 'd',
        replaces_id: null,
        superseded_by: null,
        campaign_id: null,
        device_time: 1,
        occurred_at: 1,
        received_at: 1,
        outcome: 'met',
        body: '{}',
        body_hash: 'x',
        orphaned: 0,
      })
      .execute()
    const dropped = residents.find((r) => r.household_id === shrinking.id && r.name !== shrinking.head_name)!
    const grid2 = (await k.selectFrom('areas').select('name').where('id', '=', 't1-v01-g2').executeTakeFirstOrThrow()).name
    const listed = residents.filter((r) => r.household_id !== withRecords.id && r.household_id !== withoutRecords.id && r.id !== dropped.id)
    const doorplate = new Map(households.map((h) => [h.id, h]))
    const file = await xlsxOf({
      花名册: [
        HEADER,
        ...listed.map((r) => [t.town, t.village, grid2, doorplate.get(r.household_id)!.doorplate, doorplate.get(r.household_id)!.head_name, r.name, '', '', '', '', '']),
      ],
    })
    const grid1 = async () => k.selectFrom('households').selectAll().where('grid_id', '=', 't1-v01-g1').orderBy('id').execute()
    const grid1Before = await grid1()
    const checked = await check(server.url, town, 'register', file)
    expect(checked.check!.rows.refused).toBe(0)
    expect(checked.check!.entities.households).toMatchObject({ offRegister: 1, removed: 1, created: 0, updated: 0 })
    const job = await applyJob(server.url, town, checked.id)
    expect(job.apply!.entities.households).toMatchObject({ offRegister: 1, removed: 1 })
    const now = async (id: string) => k.selectFrom('households').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect(await now(withRecords.id)).toMatchObject({ deleted_at: null })
    expect((await now(withRecords.id)).off_register_at).not.toBeNull()
    expect((await now(withoutRecords.id)).deleted_at).not.toBeNull()
    const gone = await k.selectFrom('residents').selectAll().where('id', '=', dropped.id).executeTakeFirstOrThrow()
    expect(gone.deleted_at).not.toBeNull()
    // Grid 1 (not in this file) is untouched.
    expect(await grid1()).toEqual(grid1Before)
    const report = await readXlsx((await download(server.url, town, `/imports/${checked.id}/report.xlsx`)).bytes)
    expect(report['不在新名册'].slice(1).map((r) => r[2])).toEqual(expect.arrayContaining([expect.stringContaining('保留并标为'), expect.stringContaining('移除')]))
    // Listed again: both come back, the mark cleared.
    const back = await applyJob(
      server.url,
      town,
      (
        await check(
          server.url,
          town,
          'register',
          await xlsxOf({ 花名册: [HEADER, ...[withRecords, withoutRecords].map((h) => [t.town, t.village, grid2, h.doorplate, h.head_name, h.head_name, '', '', '', '', ''])] }),
        )
      ).id,
    )
    expect(back.apply!.entities.households).toMatchObject({ updated: 2 })
    expect(await now(withRecords.id)).toMatchObject({ deleted_at: null, off_register_at: null })
    expect(await now(withoutRecords.id)).toMatchObject({ deleted_at: null, off_register_at: null })
  })

  it('does not bring back a household or a member the field marked gone', async () => {
    const k = server.db.kysely
    const grid = 't1-v02-g1'
    const rows = await k
      .selectFrom('residents as r')
      .innerJoin('households as h', 'h.id', 'r.household_id')
      .select(['h.id as householdId', 'h.doorplate', 'h.head_name', 'r.id', 'r.name'])
      .where('h.grid_id', '=', grid)
      .where('r.deleted_at', 'is', null)
      .orderBy('r.id')
      .execute()
    const [movedOut] = rows
    const died = rows.find((r) => r.householdId !== movedOut.householdId && r.name !== r.head_name)!
    // 迁出 in the field: the household is deleted; 死亡: the member is.
    await deleteHousehold(server.db, movedOut.householdId, null, Date.now())
    await k.updateTable('residents').set({ deleted_at: Date.now() }).where('id', '=', died.id).execute()
    const gridName = (await k.selectFrom('areas').select('name').where('id', '=', grid).executeTakeFirstOrThrow()).name
    const file = await xlsxOf({ 花名册: [HEADER, ...rows.map((r) => [t.town, t.village2, gridName, r.doorplate, r.head_name, r.name, '', '', '', '', ''])] })
    const job = await applyJob(server.url, town, (await check(server.url, town, 'register', file)).id)
    const refused = (await refusedRows(server.url, town, job.id)).map((r) => r.message)
    const familySize = rows.filter((r) => r.householdId === movedOut.householdId).length
    expect(refused.filter((m) => m.includes('已在走访中登记为迁出、空户或拆除'))).toHaveLength(familySize)
    expect(refused.filter((m) => m.includes(`「${died.name}」已在走访中登记为迁出、死亡等`))).toHaveLength(1)
    expect(job.apply!.rows).toMatchObject({ created: 0, updated: 0, refused: familySize + 1 })
    expect(job.apply!.entities.households).toMatchObject({ created: 0, updated: 0, removed: 0, offRegister: 0 })
    const household = await k.selectFrom('households').selectAll().where('id', '=', movedOut.householdId).executeTakeFirstOrThrow()
    expect(household.deleted_at).not.toBeNull()
    // A new family at that doorplate is a new household.
    const newFamily = await check(server.url, town, 'register', await xlsxOf({ 花名册: [HEADER, [t.town, t.village2, gridName, movedOut.doorplate, '新住户', '新住户', '', '', '', '', '']] }))
    expect(newFamily.check!.entities.households).toMatchObject({ created: 1 })
  })

  it('keeps imports to the caller’s area', async () => {
    const file = await xlsxOf({ 花名册: [HEADER, ...NEW_FAMILY()] })
    expect((await upload(server.url, town, 'register', file, { areaId: 't2' })).status).toBe(403)
    const res = await upload(server.url, town, 'register', file)
    expect((await api(server.url, 'GET', `${API_PREFIX}/imports/${res.body.id}`, { token: otherTown })).status).toBe(403)
    expect((await api(server.url, 'GET', `${API_PREFIX}/imports/${res.body.id}`, { token: county })).status).toBe(200)
    // The other town's grid names do not resolve for this town.
    const t2 = (await server.db.kysely.selectFrom('areas').select('name').where('id', '=', 't2').executeTakeFirstOrThrow()).name
    const job = await check(server.url, town, 'register', await xlsxOf({ 花名册: [HEADER, [t2, '', '第1网格', '1号', '甲', '甲', '', '', '', '', '']] }))
    expect((await refusedRows(server.url, town, job.id))[0].message).toContain('不在本次导入的范围')
    const list = await api(server.url, 'GET', `${API_PREFIX}/imports`, { token: town })
    expect(list.body.imports.length).toBeGreaterThan(0)
    expect((await upload(server.url, town, 'register', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).body.error?.code).toBe('IMPORT_FILE_TYPE')
  })
})
