// The staff accounts officials manage: who works where, and the codes they sign in with.
import { z } from 'zod'
import { text } from './text'
import { AREA_LEVELS, MeSchema, ROLES } from './auth'
import { Mobile, PersonName } from './person'

export const StaffSchema = MeSchema.extend({
  /** Masked (138****5678); null when none is on file. */
  phone: text().nullable(),
  active: z.boolean(),
  wechatBound: z.boolean(),
  hasLoginCode: z.boolean(),
  /** When the pending 绑定码 expires; null when there is none (never issued, used, revoked or expired). */
  bindCodeExpiresAt: text().nullable(),
  createdAt: text(),
})
export type Staff = z.infer<typeof StaffSchema>

export const StaffQuerySchema = z.object({
  /** The area whose staff (its own and everyone below it) are listed; the caller's own by default. */
  areaId: text().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export const StaffListSchema = z.object({
  /** The area listed. */
  area: z.object({ id: text(), name: text(), level: z.enum(AREA_LEVELS) }),
  staff: z.array(StaffSchema),
  total: z.number().int(),
})
export type StaffList = z.infer<typeof StaffListSchema>

export const StaffIdSchema = z.object({ id: text().min(1).max(64) })

export const NewStaffSchema = z.object({
  name: PersonName,
  phone: Mobile.optional(),
  /** Must fit the area's level: 网格员 a grid, 村/社区负责人 a village, 镇 a town, 县 the county. */
  role: z.enum(ROLES),
  areaId: text().min(1).max(64),
})
export type NewStaff = z.infer<typeof NewStaffSchema>

/** What changes; a new area moves the person (a new role may come with it). */
export const StaffUpdateSchema = z
  .object({
    name: PersonName.optional(),
    /** null removes the number on file. */
    phone: Mobile.nullable().optional(),
    role: z.enum(ROLES).optional(),
    areaId: text().min(1).max(64).optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), '请至少修改一项')
export type StaffUpdate = z.infer<typeof StaffUpdateSchema>

/** A code shown once: a 绑定码 (expires) or an H5 登录码 (valid until replaced or the account is stopped). */
export const IssuedCodeSchema = z.object({
  code: text(),
  expiresAt: text().nullable(),
  staff: StaffSchema,
})
export type IssuedCode = z.infer<typeof IssuedCodeSchema>

export const StaffAreasQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  level: z.enum(AREA_LEVELS),
  /** Part of the area's own, its village's or its town's name. */
  q: text().trim().max(40).optional(),
})

export const StaffAreaSchema = z.object({
  id: text(),
  name: text(),
  level: z.enum(AREA_LEVELS),
  /** 城关镇 / 东街社区 / 第2网格: the names from the town down, to tell areas of the same name apart. */
  path: text(),
})
export const StaffAreasSchema = z.object({ areas: z.array(StaffAreaSchema) })
export type StaffArea = z.infer<typeof StaffAreaSchema>

/** A new area under `parentId`, one level down (county → town → village → grid). */
export const NewAreaSchema = z.object({
  parentId: text().min(1).max(64),
  name: text().trim().min(1).max(40),
})
export type NewArea = z.infer<typeof NewAreaSchema>
export const AreaIdSchema = z.object({ id: text().min(1).max(64) })
export const AreaRenameSchema = z.object({ name: text().trim().min(1).max(40) })
