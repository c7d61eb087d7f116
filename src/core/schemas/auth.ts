// Login and the signed-in user's identity and scope.
import { z } from 'zod'
import { text } from './text'
import { AREA_LEVELS, ROLES } from '../roles-and-areas'

export { ROLES, AREA_LEVELS, ROLE_LEVELS, ROLE_LABEL, roleFitsLevel, type Role, type AreaLevel } from '../roles-and-areas'

export const LoginCodeRequestSchema = z.object({
  code: text().trim().min(4, '请输入登录码').max(64),
})

export const WechatLoginRequestSchema = z.object({
  /** The code from wx.login / Taro.login, valid once for five minutes. */
  code: text().min(1).max(128),
  /** A one-time binding code from an administrator, needed the first time a WeChat account signs in. */
  bindCode: text().trim().min(4).max(64).optional(),
})

export const MeSchema = z.object({
  id: text(),
  name: text(),
  role: z.enum(ROLES),
  areaId: text(),
  areaName: text(),
  areaLevel: z.enum(AREA_LEVELS),
})
export type Me = z.infer<typeof MeSchema>

export const LoginResponseSchema = z.object({ token: text(), expiresAt: text(), user: MeSchema })
export type LoginResponse = z.infer<typeof LoginResponseSchema>

export const LogoutResponseSchema = z.object({ ok: z.literal(true) })
