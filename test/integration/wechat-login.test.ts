// WeChat login against a local stand-in of code2Session: binding on first use, then openid sign-in.
import { hashCode } from '../../server/src/auth/secrets'
import { api, startTestServer, type TestServer } from '../helpers/test-server'
import { startWechatStandIn, type WechatStandIn } from '../helpers/wechat-stand-in'

let wechat: WechatStandIn
let server: TestServer

beforeAll(async () => {
  wechat = await startWechatStandIn('wx-test-app', 'test-secret')
  server = await startTestServer({ config: { WECHAT_APPID: 'wx-test-app', WECHAT_SECRET: 'test-secret', WECHAT_API_BASE: wechat.url } })
  await server.db.kysely
    .updateTable('users')
    .set({ bind_code_hash: hashCode('BIND7788'), bind_code_expires_at: Date.now() + 86_400_000 })
    .where('id', '=', 'u-t1-v01-g1')
    .execute()
})
afterAll(async () => {
  await server.close()
  await wechat.close()
})

const wxLogin = (body: object) => api(server.url, 'POST', '/api/v1/auth/wechat', { body })

it('asks an unbound WeChat account for a binding code', async () => {
  const res = await wxLogin({ code: wechat.issueCode('openid-zhang') })
  expect(res.status).toBe(403)
  expect(res.body.error.code).toBe('WECHAT_NOT_BOUND')
})

it('refuses a wrong binding code', async () => {
  const res = await wxLogin({ code: wechat.issueCode('openid-zhang'), bindCode: 'WRONG-1' })
  expect(res.status).toBe(403)
  expect(res.body.error.code).toBe('BIND_CODE_INVALID')
})

it('binds with the one-time code, then signs in by openid alone', async () => {
  const bound = await wxLogin({ code: wechat.issueCode('openid-zhang'), bindCode: 'bind-7788' })
  expect(bound.status).toBe(200)
  expect(bound.body.user).toMatchObject({ id: 'u-t1-v01-g1', role: 'worker' })
  const again = await wxLogin({ code: wechat.issueCode('openid-zhang') })
  expect(again.status).toBe(200)
  expect(again.body.user.id).toBe('u-t1-v01-g1')
  const reuse = await wxLogin({ code: wechat.issueCode('openid-li'), bindCode: 'bind-7788' })
  expect(reuse.body.error.code).toBe('BIND_CODE_INVALID')
})

it('maps an expired or reused wx.login code to WECHAT_CODE_INVALID', async () => {
  const code = wechat.issueCode('openid-zhang')
  expect((await wxLogin({ code })).status).toBe(200)
  const res = await wxLogin({ code })
  expect(res.status).toBe(401)
  expect(res.body.error.code).toBe('WECHAT_CODE_INVALID')
})

it('says so when WeChat cannot be reached', async () => {
  const down = await startTestServer({ config: { WECHAT_APPID: 'a', WECHAT_SECRET: 'b', WECHAT_API_BASE: 'http://127.0.0.1:9' } })
  try {
    const res = await api(down.url, 'POST', '/api/v1/auth/wechat', { body: { code: 'x' } })
    expect(res.status).toBe(502)
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE')
  } finally {
    await down.close()
  }
})

it('points to login codes when WeChat login is not configured', async () => {
  const plain = await startTestServer()
  try {
    const res = await api(plain.url, 'POST', '/api/v1/auth/wechat', { body: { code: 'x' } })
    expect(res.status).toBe(503)
    expect(res.body.error.code).toBe('WECHAT_NOT_CONFIGURED')
  } finally {
    await plain.close()
  }
})
