// Editing the campaign from the app: name and phases (ordered, non-overlapping, owner only, audited), and targets
// overridden at a lower level and restored to the inherited value (恢复继承).
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../helpers/test-server'
import { TEST_DIALECT } from '../helpers/test-db'

jest.setTimeout(60_000)

const china = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h - 8)
const PHASES = [
  { name: '筹划准备', startsOn: '2026-11-01', endsOn: '2026-11-20' },
  { name: '集中宣传', startsOn: '2026-11-21', endsOn: '2027-04-30' },
  { name: '巩固提升', startsOn: '2027-05-01', endsOn: '2027-06-15' },
  { name: '评估考核', startsOn: '2027-06-16', endsOn: '2027-07-31' },
]
const Q1 = { indicator: 'installed', deadline: '2027-03-31' }

describe(`campaign and target editing (${TEST_DIALECT})`, () => {
  let server: TestServer
  let county: string
  let town: string
  let head: string

  beforeAll(async () => {
    server = await startTestServer({ seed: { ...SMALL_COUNTY, now: china(2026, 11, 1) }, now: () => china(2026, 11, 25, 10) })
    county = await loginAs(server.url, 'demo-county')
    town = await loginAs(server.url, 'demo-t1')
    head = await loginAs(server.url, 'demo-t1-v01')
  })
  afterAll(async () => server?.close())

  const putCampaign = (token: string, body: unknown) => api(server.url, 'PUT', '/api/v1/campaigns/current', { token, body })
  const audit = (action: string) =>
    server.db.kysely.selectFrom('audit_log').select(['user_id', 'entity_id', 'detail']).where('action', '=', action).orderBy('seq').execute()

  it('lets the county that set up the campaign rename it and replace its phases, audited', async () => {
    const res = await putCampaign(county, { name: '  2026—2027年反诈宣传入户行动 ', phases: PHASES })
    expect(res.status).toBe(200)
    expect(res.body.campaign).toMatchObject({ name: '2026—2027年反诈宣传入户行动', startsOn: '2026-11-01', endsOn: '2027-07-31' })
    expect(res.body.phases.map((p: { name: string; current: boolean }) => [p.name, p.current])).toEqual([
      ['筹划准备', false],
      ['集中宣传', true],
      ['巩固提升', false],
      ['评估考核', false],
    ])
    // A village sees the same plan.
    const seen = await api(server.url, 'GET', '/api/v1/campaigns/current', { token: head })
    expect(seen.body.phases).toHaveLength(4)
    expect(seen.body).toMatchObject({ areaId: 't1-v01', areaLevel: 'village' })
    const rows = await audit('campaign.update')
    expect(rows).toHaveLength(1)
    expect(rows[0].user_id).toBe('u-c1')
    const detail = JSON.parse(rows[0].detail)
    expect(detail.before.phases).toHaveLength(3)
    expect(detail.after.phases).toHaveLength(4)
  })

  it('refuses bad phases with stable codes', async () => {
    const cases: [unknown[], number, string][] = [
      [[{ name: '集中宣传', startsOn: '2026-12-01', endsOn: '2026-11-30' }], 422, 'PHASE_ENDS_BEFORE_START'],
      [[PHASES[0], { ...PHASES[1], startsOn: '2026-11-20' }], 422, 'PHASES_OVERLAP'],
      [[PHASES[1], PHASES[0]], 422, 'PHASES_OVERLAP'],
      [[...PHASES, ...PHASES.map((p) => ({ ...p, startsOn: '2028-01-01', endsOn: '2028-01-02' }))].slice(0, 7), 400, 'VALIDATION_FAILED'],
      [[], 400, 'VALIDATION_FAILED'],
      [[{ name: '', startsOn: '2026-11-01', endsOn: '2026-11-02' }], 400, 'VALIDATION_FAILED'],
      [[{ name: '集中宣传', startsOn: '2026-13-01', endsOn: '2026-11-02' }], 400, 'VALIDATION_FAILED'],
    ]
    for (const [phases, status, code] of cases) {
      const res = await putCampaign(county, { name: '行动', phases })
      expect([res.status, res.body.error?.code]).toEqual([status, code])
      expect(res.body.error.message).toMatch(/[\u4e00-\u9fa5]/)
    }
    expect((await putCampaign(county, { name: ' ', phases: PHASES })).status).toBe(400)
    expect(await audit('campaign.update')).toHaveLength(1)
  })

  it('lets only the campaign owner edit the phases: not a town official, not a village head', async () => {
    for (const token of [town, head]) {
      const res = await putCampaign(token, { name: '改名', phases: PHASES.slice(0, 1) })
      expect(res.status).toBe(403)
      expect(res.body.error.code).toBe('CAMPAIGN_NOT_OWNER')
    }
    const worker = await loginAs(server.url, 'demo-t1-v01-g1')
    expect((await putCampaign(worker, { name: '改名', phases: PHASES.slice(0, 1) })).status).toBe(403)
    const still = await api(server.url, 'GET', '/api/v1/campaigns/current', { token: town })
    expect(still.body.phases).toHaveLength(4)
  })

  const q1 = async (areaId: string) =>
    (await api(server.url, 'GET', `/api/v1/campaigns/current?areaId=${areaId}`, { token: county })).body.targets.find(
      (t: { indicator: string; deadline: string }) => t.indicator === Q1.indicator && t.deadline === Q1.deadline,
    )

  it('shows an override with its inherited value, and the inheritance chain after town and village overrides', async () => {
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 40, setByAreaId: 'c1', setByLevel: 'county', inherited: null })

    const put = await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { ...Q1, areaId: 't1-v01', targetPct: 60 } })
    expect(put.status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 60, setByLevel: 'village', inherited: { targetPct: 40, setByAreaId: 'c1', setByLevel: 'county' } })

    await api(server.url, 'PUT', '/api/v1/targets', { token: town, body: { ...Q1, targetPct: 50 } })
    expect(await q1('t1')).toMatchObject({ targetPct: 50, setByLevel: 'town', inherited: { targetPct: 40, setByLevel: 'county' } })
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 60, setByLevel: 'village', inherited: { targetPct: 50, setByAreaId: 't1', setByLevel: 'town' } })
    expect(await q1('t1-v02')).toMatchObject({ targetPct: 50, setByLevel: 'town', inherited: null })

    const status = await api(server.url, 'GET', '/api/v1/targets/status?areaId=t1-v01', { token: town })
    expect(status.body.items.find((i: { indicator: string; deadline: string }) => i.indicator === 'installed' && i.deadline === Q1.deadline)).toMatchObject({
      targetPct: 60,
      inherited: { targetPct: 50 },
    })
  })

  it('restores inheritance (恢复继承), audited, and refuses what cannot be restored', async () => {
    const del = (token: string, query: string) => api(server.url, 'DELETE', `/api/v1/targets?${query}`, { token })
    const res = await del(town, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect(res.status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 50, setByAreaId: 't1', setByLevel: 'town', inherited: null })
    const restored = await audit('target.restore')
    expect(restored.map((r) => [r.user_id, r.entity_id])).toEqual([['u-t1', `camp-2026/t1-v01/installed/${Q1.deadline}`]])
    expect(JSON.parse(restored[0].detail)).toMatchObject({ removedPct: 60 })
    expect((await audit('target.set')).length).toBe(2)

    // Nothing of its own left to restore.
    const again = await del(town, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect([again.status, again.body.error.code]).toEqual([404, 'TARGET_NOT_FOUND'])
    // The campaign's own (county) target is the base.
    const base = await del(county, `areaId=c1&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)
    expect([base.status, base.body.error.code]).toEqual([422, 'TARGET_IS_BASE'])
    // A village head cannot, nor can a town official outside the town; bad keys are validation errors.
    expect((await del(head, `areaId=t1-v01&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(403)
    expect((await del(town, `areaId=t2&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(403)
    expect((await del(town, `areaId=t1&indicator=nothing&deadline=${Q1.deadline}`)).status).toBe(400)
    // The town's own override can be restored by the county too.
    expect((await del(county, `areaId=t1&indicator=${Q1.indicator}&deadline=${Q1.deadline}`)).status).toBe(200)
    expect(await q1('t1-v01')).toMatchObject({ targetPct: 40, setByLevel: 'county' })
  })
})
