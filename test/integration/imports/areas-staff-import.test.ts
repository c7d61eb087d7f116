// The area tree and staff list imports: new towns, villages and grids (nothing existing changed), staff accounts
// without codes (found again by phone: a move, not a second account), each the same file twice changing nothing,
// and a register that names the new grid.
import { API_PREFIX } from '@core/api'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'
import { applyJob, check, csvText, download, readXlsx, refusedRows, xlsxOf } from '../../helpers/imports'

jest.setTimeout(120_000)

describe(`area and staff imports (${TEST_DIALECT})`, () => {
  let server: TestServer
  let county: string
  let town: string
  let townName: string
  let villageName: string

  beforeAll(async () => {
    server = await startTestServer({ seed: SMALL_COUNTY })
    county = await loginAs(server.url, 'demo-county')
    town = await loginAs(server.url, 'demo-t1')
    const name = async (id: string) => (await server.db.kysely.selectFrom('areas').select('name').where('id', '=', id).executeTakeFirstOrThrow()).name
    townName = await name('t1')
    villageName = await name('t1-v01')
  })
  afterAll(async () => server?.close())

  const areas = () => server.db.kysely.selectFrom('areas').selectAll().orderBy('id').execute()

  it('adds towns, villages and grids; changes nothing that exists; the same file twice adds nothing', async () => {
    const template = await readXlsx((await download(server.url, county, '/imports/templates/areas')).bytes)
    expect(template['区域'][0]).toEqual(['镇（街道）', '村（社区）', '网格'])
    const before = await areas()
    const rows = [
      ['镇（街道）', '村（社区）', '网格'],
      ['新河镇', '新河村', '第1网格'],
      ['新河镇', '新河村', '第2网格'],
      ['新河镇', '新 河 村', '第２网格'],
      ['新河镇', '柳树村', ''],
      [townName, villageName, '第9网格'],
      [townName, villageName, '第1网格'],
      ['', '孤村', '第1网格'],
      ['新河镇', '', '第3网格'],
    ]
    const job = await check(server.url, county, 'areas', await xlsxOf({ 区域: rows }))
    expect(job.check!.rows).toEqual({ total: 8, created: 4, updated: 0, unchanged: 2, refused: 2 })
    expect(job.check!.entities.areas).toMatchObject({ created: 6 })
    const refused = await refusedRows(server.url, county, job.id)
    expect(refused.map((r) => r.message)).toEqual(['填写了村（社区），但没有填写镇（街道）', '填写了网格，但没有填写村（社区）'])
    expect(await areas()).toEqual(before)
    const applied = await applyJob(server.url, county, job.id)
    expect(applied.apply!.entities.areas).toMatchObject({ created: 6 })
    const after = await areas()
    const town2 = after.find((a) => a.name === '新河镇')!
    expect(town2).toMatchObject({ level: 'town', parent_id: 'c1', county_id: 'c1', town_id: town2.id })
    const village = after.find((a) => a.name === '新河村')!
    const grids = after.filter((a) => a.parent_id === village.id)
    expect(grids.map((g) => [g.name, g.level, g.town_id, g.village_id, g.sort])).toEqual(
      expect.arrayContaining([
        ['第1网格', 'grid', town2.id, village.id, 1],
        ['第2网格', 'grid', town2.id, village.id, 2],
      ]),
    )
    // New grids show on the dashboard with zeros.
    const tallies = await server.db.kysely.selectFrom('grid_tallies').selectAll().where('grid_id', 'in', grids.map((g) => g.id)).execute()
    expect(tallies).toHaveLength(2)
    const again = await applyJob(server.url, county, (await check(server.url, county, 'areas', await xlsxOf({ 区域: rows }))).id)
    expect(again.apply!.rows).toMatchObject({ created: 0, unchanged: 6, refused: 2 })
    expect(await areas()).toEqual(after)
  })

  it('keeps a town official to their own town', async () => {
    const job = await check(server.url, town, 'areas', Buffer.from(csvText([['镇', '村', '网格'], ['新河镇', '新河村', '第5网格'], ['', villageName, '第7网格']])))
    expect(job.check!.rows).toMatchObject({ created: 1, refused: 1 })
    expect((await refusedRows(server.url, town, job.id))[0].message).toBe(`镇（街道）「新河镇」不在本次导入的范围（${townName}）内`)
  })

  it('makes staff accounts without codes, finds them again by phone, and moves them', async () => {
    const rows = (grid: string) => [
      ['姓名', '手机号', '角色', '所属区域'],
      ['陈网格', '13600000001', '网格员', `新河镇/新河村/${grid}`],
      ['林书记', '136 0000 0002', '村书记', '新河镇/新河村'],
      ['黄干部', '13600000003', '镇（街道）工作人员', '新河镇'],
      ['何管理', '13600000004', '县级管理员', ''],
      ['重复人', '13600000001', '网格员', '新河镇/新河村/第1网格'],
      ['错角色', '13600000005', '网格员', '新河镇/新河村'],
      ['无手机', '', '网格员', '新河镇/新河村/第1网格'],
    ]
    const job = await check(server.url, county, 'staff', await xlsxOf({ 人员: rows('第1网格') }))
    expect(job.check!.rows).toEqual({ total: 7, created: 4, updated: 0, unchanged: 0, refused: 3 })
    const refused = await refusedRows(server.url, county, job.id)
    expect(refused.map((r) => r.message)).toEqual([
      expect.stringContaining('手机号 136****0001 与人员 第2行重复'),
      expect.stringContaining('网格员须属于某个网格'),
      expect.stringContaining('手机号为空'),
    ])
    await applyJob(server.url, county, job.id)
    const users = await server.db.kysely.selectFrom('users').selectAll().where('phone', 'like', '136000000%').orderBy('phone').execute()
    expect(users.map((u) => [u.name, u.role, u.login_code_hash, u.bind_code_hash, u.wx_openid])).toEqual([
      ['陈网格', 'worker', null, null, null],
      ['林书记', 'village_head', null, null, null],
      ['黄干部', 'town_official', null, null, null],
      ['何管理', 'county_admin', null, null, null],
    ])
    const audit = await server.db.kysely.selectFrom('audit_log').select('action').where('entity_id', 'in', users.map((u) => u.id)).execute()
    expect(audit.map((a) => a.action)).toEqual(['user.create', 'user.create', 'user.create', 'user.create'])

    // Same file: nothing; the worker listed under grid 2: moved, the same account.
    const same = await applyJob(server.url, county, (await check(server.url, county, 'staff', await xlsxOf({ 人员: rows('第1网格') }))).id)
    expect(same.apply!.rows).toMatchObject({ created: 0, updated: 0, unchanged: 4 })
    const moved = await applyJob(server.url, county, (await check(server.url, county, 'staff', await xlsxOf({ 人员: rows('第2网格') }))).id)
    expect(moved.apply!.rows).toMatchObject({ created: 0, updated: 1, unchanged: 3 })
    const worker = await server.db.kysely.selectFrom('users').innerJoin('areas', 'areas.id', 'users.area_id').select(['users.id', 'areas.name']).where('phone', '=', '13600000001').execute()
    expect(worker).toEqual([{ id: users[0].id, name: '第2网格' }])

    // A stopped account is not changed by a file.
    await server.db.kysely.updateTable('users').set({ deactivated_at: Date.now() }).where('phone', '=', '13600000003').execute()
    const stopped = await check(server.url, county, 'staff', await xlsxOf({ 人员: [rows('第2网格')[0], ['黄干部', '13600000003', '镇（街道）工作人员', '新河镇']] }))
    expect((await refusedRows(server.url, county, stopped.id))[0].message).toContain('已停用')

    // A town official cannot touch the county's people or another town's.
    const fromTown = await check(server.url, town, 'staff', Buffer.from(csvText([['姓名', '手机', '岗位', '所属网格'], ['何管理', '13600000004', '县级管理员', ''], ['陈网格', '13600000001', '网格员', '第1网格']])))
    const messages = (await refusedRows(server.url, town, fromTown.id)).map((r) => r.message)
    expect(messages[0]).toContain('只有为全县导入时才能导入县级管理员')
    expect(messages[1]).toMatch(/网格「第1网格」有 \d+ 个同名|已是其他区域人员/)
  })

  it('lets the register name a grid the area import made', async () => {
    const job = await check(
      server.url,
      county,
      'register',
      await xlsxOf({ 花名册: [['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名'], ['新河镇', '新河村', '第1网格', '新河村1组1号', '郑一', '郑一']] }),
    )
    expect(job.check!.rows).toMatchObject({ created: 1, refused: 0 })
    const applied = await applyJob(server.url, county, job.id)
    expect(applied.apply!.entities.households).toMatchObject({ created: 1 })
    const list = await api(server.url, 'GET', `${API_PREFIX}/imports`, { token: county })
    expect(list.body.imports[0]).toMatchObject({ id: job.id, status: 'applied', kind: 'register' })
  })
})
