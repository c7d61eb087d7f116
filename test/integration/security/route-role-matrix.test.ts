// The route × role matrix, read from the endpoint contract (src/core/api): every declared endpoint is served, a
// role the endpoint does not list gets 403 before anything else, a listed role gets through with a target in its own
// area, and a target outside it (another town's area, household or staff member) is refused with 403.
import { randomUUID } from 'node:crypto'
import { API, API_PREFIX, pathOf, type EndpointDef, type EndpointName } from '@core/api'
import { ROLES, type Role } from '@core/schemas/auth'
import { api, loginAs, SMALL_COUNTY, startTestServer, type TestServer } from '../../helpers/test-server'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(120_000)

interface Target {
  areaId: string
  householdId: string
  /** A grid worker of the area who is none of the accounts signed in here (deactivating them ends no test's session). */
  staffId: string
}
interface Input {
  params?: object
  query?: object
  body?: unknown
}

const SHA = 'a'.repeat(64)
const TARGET = { indicator: 'visit_coverage', deadline: '2027-03-31' }

/** A request per endpoint; those declared with a parameter aim at it, inside and outside the caller's area. */
const SAMPLES: Record<EndpointName, (t: Target) => Input> = {
  login: () => ({ body: { code: 'no-such-login-code' } }),
  wechatLogin: () => ({ body: { code: 'no-such-wechat-code' } }),
  logout: () => ({}),
  me: () => ({}),
  linkKey: () => ({}),
  syncPush: () => ({ body: { records: [] } }),
  syncPull: () => ({ query: { cursor: '0' } }),
  mediaStatus: () => ({ params: { sha: SHA } }),
  mediaPut: () => ({ params: { sha: SHA } }),
  mediaGet: () => ({ params: { sha: SHA } }),
  coverage: (t) => ({ query: { areaId: t.areaId } }),
  unvisited: (t) => ({ query: { areaId: t.areaId } }),
  trend: (t) => ({ query: { areaId: t.areaId } }),
  activity: (t) => ({ query: { areaId: t.areaId } }),
  rosterChanges: (t) => ({ query: { areaId: t.areaId } }),
  reviewQueue: (t) => ({ query: { areaId: t.areaId } }),
  reviewCounts: (t) => ({ query: { areaId: t.areaId } }),
  recordReview: () => ({ params: { id: 'no-such-record' } }),
  decideRecord: () => ({ params: { id: 'no-such-record' }, body: { decision: 'verified' } }),
  undoDecision: () => ({ params: { id: 'no-such-record' }, body: {} }),
  decideConflict: () => ({ params: { id: '999999' }, body: { decision: 'first' } }),
  syncConflictStatus: () => ({ body: { ids: ['no-such-record'] } }),
  offRegisterList: (t) => ({ query: { areaId: t.areaId } }),
  // The household is on the register (not marked 不在名册): let in, then refused with 409.
  decideOffRegister: (t) => ({ params: { entity: 'household', id: t.householdId }, body: { decision: 'keep' } }),
  areaHouseholds: (t) => ({ params: { areaId: t.areaId } }),
  areaResidents: (t) => ({ params: { areaId: t.areaId } }),
  household: (t) => ({ params: { id: t.householdId } }),
  currentTemplate: () => ({}),
  publishTemplate: () => ({ body: {} }),
  materials: () => ({}),
  pledges: (t) => ({ query: { areaId: t.areaId } }),
  pledge: () => ({ params: { recordId: 'no-such-record' } }),
  pledgePdf: () => ({ params: { recordId: 'no-such-record' } }),
  signLinkView: () => ({ params: { token: 'not-a-link' } }),
  signByLink: () => ({ params: { token: 'not-a-link' }, body: {} }),
  currentCampaign: (t) => ({ query: { areaId: t.areaId } }),
  createCampaign: () => ({ body: {} }),
  updateCampaign: () => ({ body: {} }),
  // The defaults again, so the other samples' records are held to nothing new.
  setProofPolicy: (t) => ({ body: { areaId: t.areaId, proof: { screenshotSteps: ['installed', 'real_name', 'warning_on'], visitPhoto: false, gps: 'consent' } } }),
  setTarget: (t) => ({ body: { areaId: t.areaId, targetPct: 90, ...TARGET } }),
  restoreTarget: (t) => ({ query: { areaId: t.areaId, ...TARGET } }),
  targetsStatus: (t) => ({ query: { areaId: t.areaId } }),
  ranking: (t) => ({ query: { areaId: t.areaId } }),
  rankingXlsx: (t) => ({ query: { areaId: t.areaId } }),
  rosterXlsx: (t) => ({ query: { areaId: t.areaId } }),
  rosterScreenshotsZip: (t) => ({ query: { areaId: t.areaId } }),
  visitsXlsx: (t) => ({ query: { areaId: t.areaId } }),
  exportLayouts: () => ({}),
  // The county's own layout (the only county here): set to what it already is after the first call.
  setExportLayout: () => ({ params: { kind: 'visits' }, body: { name: '上级平台', columns: [{ field: 'doorplate', header: '门牌号' }], dateFormat: 'YYYY-MM-DD' } }),
  monthlyReport: (t) => ({ query: { areaId: t.areaId } }),
  monthlyReportDocx: (t) => ({ body: { areaId: t.areaId, month: '2026-11', summary: '本月工作总结' } }),
  setupStatus: () => ({}),
  setup: () => ({ body: { code: 'ABCD-EFGH-JKMN-PQRS', countyName: '测试县', adminName: '张三' } }),
  staffList: (t) => ({ query: { areaId: t.areaId } }),
  staffAreas: (t) => ({ query: { areaId: t.areaId, level: 'grid' } }),
  // A new child of the caller's own area is made (a new name each time, so no sibling clash); the caller's own area
  // cannot be renamed: let in, then refused with 422.
  createArea: (t) => ({ body: { parentId: t.areaId, name: `矩阵新区域${Math.random().toString(36).slice(2, 8)}` } }),
  renameArea: (t) => ({ params: { id: t.areaId }, body: { name: '改名后' } }),
  // The caller's own area is not a grid (but the worker's, who is not let in): let in, then refused with 422.
  gridPlace: (t) => ({ params: { id: t.areaId } }),
  setGridPlace: (t) => ({ params: { id: t.areaId }, body: { place: null } }),
  // A worker cannot belong to a town or the county: let in, then refused with 422 (nothing is created).
  createStaff: (t) => ({ body: { name: '测试人员', role: 'worker', areaId: t.areaId } }),
  updateStaff: (t) => ({ params: { id: t.staffId }, body: { name: '改名后' } }),
  deactivateStaff: (t) => ({ params: { id: t.staffId } }),
  reactivateStaff: (t) => ({ params: { id: t.staffId } }),
  issueBindCode: (t) => ({ params: { id: t.staffId } }),
  revokeBindCode: (t) => ({ params: { id: t.staffId } }),
  issueLoginCode: (t) => ({ params: { id: t.staffId } }),
  importTemplate: (t) => ({ params: { kind: 'register' }, query: { areaId: t.areaId } }),
  // A JSON body is not a file: let in, then refused with 415 (nothing is read or kept).
  importUpload: (t) => ({ params: { kind: 'register' }, query: { areaId: t.areaId } }),
  importList: (t) => ({ query: { areaId: t.areaId } }),
  importJob: () => ({ params: { id: 'no-such-import' } }),
  importRows: () => ({ params: { id: 'no-such-import' } }),
  importReportXlsx: () => ({ params: { id: 'no-such-import' } }),
  fraudVictimSearch: (t) => ({ query: { q: '1', areaId: t.areaId } }),
  // A case of the caller's own area is entered; another town's household is refused with 403.
  createFraudCase: (t) => ({ body: { caseDate: '2026-11-01', scamType: 'order_brushing', amountFen: 100, householdId: t.householdId } }),
  fraudCases: (t) => ({ query: { areaId: t.areaId } }),
  fraudCaseBackCheck: () => ({ params: { id: 'no-such-case' } }),
  fraudCaseReach: (t) => ({ query: { areaId: t.areaId } }),
  auditLog: (t) => ({ query: { areaId: t.areaId } }),
  importApply: () => ({ params: { id: 'no-such-import' } }),
  // The current week has not ended: let in, then refused with 422 (nothing is drawn).
  drawSpotCheck: (t) => ({ body: { areaId: t.areaId, week: '2099-01-05' } }),
  // Nothing drawn yet: let in, then 404.
  spotCheck: (t) => ({ query: { areaId: t.areaId } }),
  spotCheckPhone: () => ({ params: { id: 'no-such-item' } }),
  spotCheckOutcome: () => ({ params: { id: 'no-such-item' }, body: { outcome: 'confirmed' } }),
  // A new item each time (its id is the sender's), so a role's second request is not a conflicting resend.
  sendFeedback: () => ({ body: { id: randomUUID(), category: 'suggestion', text: '矩阵测试建议' } }),
  reportClientError: () => ({ body: { platform: 'weapp', kind: 'error', message: 'TypeError: x is undefined', stack: 'at a (app.js:1:2)' } }),
  myFeedback: () => ({}),
  feedbackList: (t) => ({ query: { areaId: t.areaId } }),
  answerFeedback: () => ({ params: { id: 'no-such-feedback' }, body: { status: 'in_progress' } }),
  // Not a signing link: answered 404 FEEDBACK_LINK_INVALID.
  publicSendFeedback: () => ({ params: { token: 'not-a-link' }, body: { id: randomUUID(), category: 'question', text: '咨询' } }),
  publicFeedbackList: () => ({ params: { token: 'not-a-link' } }),
  dataRequestList: (t) => ({ query: { areaId: t.areaId } }),
  // No such request: let in, then 404 DATA_REQUEST_NOT_FOUND.
  decideDataRequest: () => ({ params: { id: 'no-such-request' }, body: { decision: 'answered', answer: '已查阅' } }),
}

/** Each role's login in 城关镇 (town 1), and the same role's area in town 2: out of scope for every role but the county. */
const LOGINS: Record<Role, { own: string; other: string | null }> = {
  worker: { own: 'demo-t1-v01-g1', other: 'demo-t2-v01-g1' },
  village_head: { own: 'demo-t1-v01', other: 'demo-t2-v01' },
  town_official: { own: 'demo-t1', other: 'demo-t2' },
  county_admin: { own: 'demo-county', other: null },
  verifier: { own: 'demo-verifier-t1', other: 'demo-verifier-t2' },
}

const ENDPOINTS = Object.entries(API) as [EndpointName, EndpointDef][]

/** The input with a NUL appended to every string in it (path parameters, query and body alike). */
function withNul<T>(v: T): T {
  if (typeof v === 'string') return `${v}\u0000` as T
  if (Array.isArray(v)) return v.map(withNul) as T
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withNul(x)])) as T
  return v
}

describe(`route × role matrix from the endpoint contract (${TEST_DIALECT})`, () => {
  let server: TestServer
  const tokens = {} as Record<Role, string>
  const targets = {} as Record<Role, { own: Target; other: Target | null }>

  async function targetOf(code: string): Promise<Target> {
    const token = await loginAs(server.url, code)
    const me = await api(server.url, 'GET', `${API_PREFIX}/me`, { token })
    const column = ({ grid: 'grid_id', village: 'village_id', town: 'town_id', county: 'county_id' } as const)[me.body.areaLevel as 'grid']
    const h = await server.db.kysely.selectFrom('households').select('id').where(column, '=', me.body.areaId).executeTakeFirstOrThrow()
    const staff = await server.db.kysely
      .selectFrom('users')
      .innerJoin('areas', 'areas.id', 'users.area_id')
      .select('users.id')
      .where('users.role', '=', 'worker')
      // areas has no grid_id: a grid is matched by its own id.
      .where((eb) => eb.or([eb('areas.id', '=', me.body.areaId), eb(`areas.${column === 'grid_id' ? 'id' : column}` as 'areas.id', '=', me.body.areaId)]))
      .orderBy('users.id', 'desc')
      .executeTakeFirstOrThrow()
    return { areaId: me.body.areaId, householdId: h.id, staffId: staff.id }
  }

  beforeAll(async () => {
    server = await startTestServer({ seed: SMALL_COUNTY })
    for (const role of ROLES) {
      tokens[role] = await loginAs(server.url, LOGINS[role].own)
      const other = LOGINS[role].other
      targets[role] = { own: await targetOf(LOGINS[role].own), other: other ? await targetOf(other) : null }
    }
  })
  afterAll(async () => server?.close())

  /** Status and error code; a file answer's bytes are not read as JSON. */
  async function send(ep: EndpointDef, input: Input, token?: string): Promise<{ status: number; code?: string }> {
    const hasBody = ep.method === 'POST' || ep.method === 'PUT'
    const res = await fetch(server.url + pathOf(ep, input), {
      method: ep.method,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: hasBody ? JSON.stringify(input.body ?? {}) : undefined,
    })
    const json = res.headers.get('content-type')?.includes('json') ? ((await res.json()) as { error?: { code?: string } }) : (await res.arrayBuffer(), {})
    return { status: res.status, code: json.error?.code }
  }

  it('serves every declared endpoint and nothing undeclared under the API prefix', async () => {
    for (const [, ep] of ENDPOINTS) expect(server.app.hasRoute({ method: ep.method, url: API_PREFIX + ep.path })).toBe(true)
    const undeclared = () => server.app.get(`${API_PREFIX}/undeclared`, async () => ({}))
    expect(undeclared).toThrow()
  })

  it('has a sample request for every endpoint', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(ENDPOINTS.map(([name]) => name).sort())
  })

  for (const [name, ep] of ENDPOINTS) {
    const callers = ep.callers
    it(`${name}: refuses a NUL in any string of its input with 400, never 500`, async () => {
      const role = callers === 'public' ? 'worker' : callers[0]
      const sample = SAMPLES[name](targets[role].own)
      const token = callers === 'public' ? undefined : name === 'logout' ? await loginAs(server.url, LOGINS[role].own) : tokens[role]
      const res = await send(ep, withNul(sample), token)
      if (JSON.stringify(withNul(sample)).includes('\\u0000')) expect([res.status, res.code]).toEqual([400, 'VALIDATION_FAILED'])
      else expect(res.status).toBeLessThan(500)
    })
    if (callers === 'public') {
      it(`${name}: public, answers without sign-in`, async () => {
        const res = await send(ep, SAMPLES[name](targets.worker.own))
        expect(res.code).not.toBe('UNAUTHENTICATED')
        // This server has no WeChat secrets: WeChat login says so instead of failing.
        if (res.code !== 'WECHAT_NOT_CONFIGURED') expect(res.status).toBeLessThan(500)
      })
      continue
    }

    it(`${name}: refuses without sign-in`, async () => {
      const res = await send(ep, SAMPLES[name]({ areaId: 'x', householdId: 'x', staffId: 'x' }))
      expect([res.status, res.code]).toEqual([401, 'UNAUTHENTICATED'])
    })

    for (const role of ROLES) {
      if (!callers.includes(role)) {
        it(`${name}: refuses ${role} with 403`, async () => {
          const res = await send(ep, SAMPLES[name](targets[role].own), tokens[role])
          expect([res.status, res.code]).toEqual([403, 'FORBIDDEN'])
        })
        continue
      }
      // A record, file or import that does not exist is refused like one out of scope (403), so these samples cannot
      // aim inside (test/integration/imports/ tries another town's import).
      if (ep.scope === 'record' || ep.scope === 'media' || ep.scope === 'import') continue
      it(`${name}: lets ${role} in for its own area`, async () => {
        // Logging out ends the token it is sent with: a session of its own, not the one the other tests share.
        const token = name === 'logout' ? await loginAs(server.url, LOGINS[role].own) : tokens[role]
        const res = await send(ep, SAMPLES[name](targets[role].own), token)
        expect(res.status).toBeLessThan(500)
        expect(res.status).not.toBe(401)
        expect(res.code).not.toBe('FORBIDDEN')
      })
      const takesTarget = SAMPLES[name].length > 0
      if (takesTarget && (ep.scope === 'area' || ep.scope === 'household' || ep.scope === 'staff') && LOGINS[role].other) {
        it(`${name}: refuses ${role} a target in another town`, async () => {
          const res = await send(ep, SAMPLES[name](targets[role].other!), tokens[role])
          expect([res.status, res.code]).toEqual([403, 'FORBIDDEN'])
        })
      }
    }
  }
})
