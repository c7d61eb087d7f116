// 绑定码 on WeChat login (code2Session answered by a local stand-in following WeChat's protocol): one code binds
// exactly one WeChat account even when ten requests race with it; expired and revoked codes bind nothing.
import { api, loginAs, startTestServer, type TestServer } from '../../helpers/test-server'
import { startWechatStandIn, type WechatStandIn } from '../../helpers/wechat-stand-in'
import { TEST_DIALECT } from '../../helpers/test-db'

jest.setTimeout(60_000)

describe(`binding codes (${TEST_DIALECT})`, () => {
  let wechat: WechatStandIn
  let server: TestServer
  let town: string
  let clock = Date.now()

  beforeAll(async () => {
    wechat = await startWechatStandIn('wx-bind-app', 'bind-secret')
    server = await startTestServer({
      config: { WECHAT_APPID: 'wx-bind-app', WECHAT_SECRET: 'bind-secret', WECHAT_API_BASE: wechat.url },
      now: () => clock,
    })
    town = await loginAs(server.url, 'demo-t1')
  })
  afterAll(async () => {
    await server?.close()
    await wechat?.close()
  })

  const issue = async (userId: string): Promise<string> => {
    const res = await api(server.url, 'POST', `/api/v1/staff/${userId}/bind-code`, { token: town })
    expect(res.status).toBe(201)
    return res.body.code
  }
  const wxLogin = (openid: string, bindCode?: string) =>
    api(server.url, 'POST', '/api/v1/auth/wechat', { body: { code: wechat.issueCode(openid), ...(bindCode ? { bindCode } : {}) } })

  it('binds exactly one of ten WeChat accounts racing with one code', async () => {
    const code = await issue('u-t1-v01-g1')
    const openids = Array.from({ length: 10 }, (_, i) => `openid-race-${i}`)
    const results = await Promise.all(openids.map((o) => wxLogin(o, code)))
    const ok = results.filter((r) => r.status === 200)
    expect(ok).toHaveLength(1)
    expect(ok[0].body.user.id).toBe('u-t1-v01-g1')
    // The others are told the code is spent, or, once five have failed with it, to wait.
    for (const r of results.filter((x) => x.status !== 200)) expect(['BIND_CODE_INVALID', 'LOGIN_LOCKED']).toContain(r.body.error.code)
    const bound = await server.db.kysely.selectFrom('users').select(['id', 'wx_openid']).where('wx_openid', 'like', 'openid-race-%').execute()
    expect(bound).toHaveLength(1)
    expect(bound[0].id).toBe('u-t1-v01-g1')
    const binds = await server.db.kysely.selectFrom('audit_log').select('entity_id').where('action', '=', 'wechat.bind').execute()
    expect(binds).toHaveLength(1)
    // The winner signs in by openid alone from now on.
    const winner = openids.find((o) => o === bound[0].wx_openid)!
    expect((await wxLogin(winner)).status).toBe(200)
  })

  it('refuses an expired code and a revoked one', async () => {
    const expired = await issue('u-t1-v01-g2')
    clock += 7 * 86_400_000 + 1
    const late = await wxLogin('openid-late', expired)
    expect(late.body.error.code).toBe('BIND_CODE_INVALID')
    const revoked = await issue('u-t1-v01-g2')
    await api(server.url, 'DELETE', '/api/v1/staff/u-t1-v01-g2/bind-code', { token: town })
    expect((await wxLogin('openid-late', revoked)).body.error.code).toBe('BIND_CODE_INVALID')
    const fresh = await issue('u-t1-v01-g2')
    const res = await wxLogin('openid-late', fresh.toLowerCase())
    expect([res.status, res.body.user?.id]).toEqual([200, 'u-t1-v01-g2'])
  })

  it('moves a person to a new WeChat account with a new code; a stopped account cannot sign in by WeChat', async () => {
    const code = await issue('u-t1-v01-g2')
    expect((await wxLogin('openid-new-phone', code)).status).toBe(200)
    expect((await wxLogin('openid-late')).body.error.code).toBe('WECHAT_NOT_BOUND')
    await api(server.url, 'POST', '/api/v1/staff/u-t1-v01-g2/deactivate', { token: town })
    const res = await wxLogin('openid-new-phone')
    expect([res.status, res.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED'])
  })

  it('locks the binding code path after five wrong codes, with a 429 saying when to retry', async () => {
    clock += 3600_000
    const wrong = 'WRONG-CODE-2345-6789'
    for (let i = 0; i < 4; i++) expect((await wxLogin(`openid-guess-${i}`, wrong)).body.error.code).toBe('BIND_CODE_INVALID')
    const fifth = await wxLogin('openid-guess-4', wrong)
    expect([fifth.status, fifth.body.error.code]).toEqual([429, 'LOGIN_LOCKED'])
    expect(fifth.body.error.message).toMatch(/请在 \d\d:\d\d（约 15 分钟后）再试/)
    const calls = wechat.calls
    expect((await wxLogin('openid-guess-5', wrong)).status).toBe(429)
    // Refused before asking WeChat.
    expect(wechat.calls).toBe(calls)
  })
})
