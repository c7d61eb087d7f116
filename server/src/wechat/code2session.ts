// WeChat mini-program login: exchanges the code from wx.login for the user's openid (auth.code2Session).
//
// Protocol: GET {base}/sns/jscode2session?appid&secret&js_code&grant_type=authorization_code, answered with
// HTTP 200 and JSON { openid, session_key, unionid? } or { errcode, errmsg } (40029 bad code, 45011 rate limit,
// 40226 blocked high-risk user, -1 busy). WeChat may label the JSON text/plain, so the body is parsed as text.
import type { Config } from '../config'
import { AppError } from '../http/app-error'

export interface WechatSession {
  openid: string
  unionid?: string
}

export interface WechatClient {
  configured: boolean
  code2Session(code: string): Promise<WechatSession>
}

const TIMEOUT_MS = 5_000

export function createWechatClient(config: Pick<Config, 'WECHAT_APPID' | 'WECHAT_SECRET' | 'WECHAT_API_BASE'>): WechatClient {
  const { WECHAT_APPID: appid, WECHAT_SECRET: secret } = config
  return {
    configured: Boolean(appid && secret),
    async code2Session(code) {
      if (!appid || !secret) throw new AppError('WECHAT_NOT_CONFIGURED')
      const url = new URL('/sns/jscode2session', config.WECHAT_API_BASE)
      url.search = new URLSearchParams({ appid, secret, js_code: code, grant_type: 'authorization_code' }).toString()
      let text: string
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) })
        text = await res.text()
      } catch {
        throw new AppError('WECHAT_UNAVAILABLE')
      }
      return parseReply(text)
    },
  }
}

function parseReply(text: string): WechatSession {
  let body: { openid?: string; unionid?: string; errcode?: number; errmsg?: string }
  try {
    body = JSON.parse(text)
  } catch {
    throw new AppError('WECHAT_UNAVAILABLE')
  }
  if (body.errcode && body.errcode !== 0) {
    if (body.errcode === 40029 || body.errcode === 40163) throw new AppError('WECHAT_CODE_INVALID')
    if (body.errcode === 45011) throw new AppError('RATE_LIMITED')
    throw new AppError('WECHAT_UNAVAILABLE', `微信登录服务返回错误（${body.errcode}），请稍后重试`)
  }
  if (!body.openid) throw new AppError('WECHAT_UNAVAILABLE')
  return { openid: body.openid, unionid: body.unionid }
}
