// Signing in (login code, WeChat) and the signed-in user.
import { LoginCodeRequestSchema, LoginResponseSchema, LogoutResponseSchema, MeSchema, WechatLoginRequestSchema } from '../../schemas/auth'
import { LinkKeyResponseSchema } from '../../schemas/pledge-api'
import { endpoint } from '../endpoint'
import { EVERY_ROLE, WORKERS } from '../roles'

export const login = endpoint({
  method: 'POST',
  path: '/auth/login',
  tag: 'auth',
  summary: '用登录码登录',
  callers: 'public',
  scope: 'public',
  body: LoginCodeRequestSchema,
  response: LoginResponseSchema,
})

export const wechatLogin = endpoint({
  method: 'POST',
  path: '/auth/wechat',
  tag: 'auth',
  summary: '微信登录；首次登录需附管理员发放的绑定码',
  callers: 'public',
  scope: 'public',
  body: WechatLoginRequestSchema,
  response: LoginResponseSchema,
})

export const logout = endpoint({
  method: 'POST',
  path: '/auth/logout',
  tag: 'auth',
  summary: '退出登录：服务器注销本次登录的令牌（本机未同步的记录不受影响）',
  callers: EVERY_ROLE,
  scope: 'self',
  response: LogoutResponseSchema,
})

export const me = endpoint({
  method: 'GET',
  path: '/me',
  tag: 'auth',
  summary: '当前登录的账号、角色与所辖区域',
  callers: EVERY_ROLE,
  scope: 'self',
  response: MeSchema,
})

export const linkKey = endpoint({
  method: 'GET',
  path: '/me/link-key',
  tag: 'pledges',
  summary: '网格员的签署链接密钥（首次请求时生成）；App 离线生成居民自签链接用',
  callers: WORKERS,
  scope: 'self',
  response: LinkKeyResponseSchema,
})
