// Login and the signed-in user's identity and scope.
import { z } from 'zod'
import { text } from './text'

export const ROLES = ['worker', 'village_head', 'town_official', 'county_admin', 'verifier'] as const
export type Role = (typeof ROLES)[number]

export const AREA_LEVELS = ['county', 'town', 'village', 'grid'] as const
export type AreaLevel = (typeof AREA_LEVELS)[number]

/**
 * The area levels each role's account may belong to: a worker sees one grid, a village head one village, … A 核查员
 * (verifier, for 电话抽查) checks a town or the whole county, so their scope is their own account's area level.
 */
export const ROLE_LEVELS: Record<Role, readonly AreaLevel[]> = {
  worker: ['grid'],
  village_head: ['village'],
  town_official: ['town'],
  county_admin: ['county'],
  verifier: ['town', 'county'],
}

export function roleFitsLevel(role: Role, level: AreaLevel): boolean {
  return ROLE_LEVELS[role].includes(level)
}

export const ROLE_LABEL: Record<Role, string> = {
  worker: '网格员',
  village_head: '村/社区负责人',
  town_official: '镇（街道）工作人员',
  county_admin: '县级管理员',
  verifier: '核查员',
}

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
