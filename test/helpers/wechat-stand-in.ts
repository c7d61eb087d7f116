// A local stand-in for WeChat's auth.code2Session, following its documented protocol: GET /sns/jscode2session
// with appid, secret, js_code and grant_type=authorization_code; HTTP 200 with { openid, session_key } or
// { errcode, errmsg }, labelled text/plain as WeChat does. Each code works once.
import Fastify from 'fastify'

export interface WechatStandIn {
  url: string
  /** Makes a login code as wx.login would, for the given openid. */
  issueCode(openid: string): string
  calls: number
  close(): Promise<void>
}

export async function startWechatStandIn(appid: string, secret: string): Promise<WechatStandIn> {
  const codes = new Map<string, string>()
  const app = Fastify()
  const standIn = { calls: 0 } as WechatStandIn
  app.get('/sns/jscode2session', async (req, reply) => {
    standIn.calls++
    const q = req.query as Record<string, string>
    reply.type('text/plain')
    if (q.appid !== appid || q.secret !== secret) return JSON.stringify({ errcode: 40125, errmsg: 'invalid appsecret' })
    if (q.grant_type !== 'authorization_code') return JSON.stringify({ errcode: 40002, errmsg: 'invalid grant_type' })
    const openid = codes.get(q.js_code)
    if (!openid) return JSON.stringify({ errcode: 40029, errmsg: 'invalid code' })
    codes.delete(q.js_code)
    return JSON.stringify({ openid, session_key: 'c2Vzc2lvbi1rZXk=' })
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  standIn.url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
  let n = 0
  standIn.issueCode = (openid) => {
    const code = `code-${++n}-${openid}`
    codes.set(code, openid)
    return code
  }
  standIn.close = () => app.close()
  return standIn
}
