// The weekly install roster (花名册) export: which area, which week, whose rows.
import { z } from 'zod'
import { text } from './text'

/** default: the app's own columns; county: the layout the county set for the 上级平台 (core/export-layout.ts). */
const ExportFormatSchema = z.enum(['default', 'county']).default('default').describe('default：默认格式；county：县设定的上级平台格式')

export const RosterQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  week: z.iso.date().optional().describe('本周内任一日期（YYYY-MM-DD，北京时间）；默认上周（周一至周日）'),
  scope: z.enum(['week', 'all']).default('week').describe('week：该周内有步骤日期的居民；all：全部 16–60 岁居民及当前进度'),
  format: ExportFormatSchema,
})
export type RosterQuery = z.infer<typeof RosterQuerySchema>

/** The visit register (入户走访登记) of one week, by the visits' own dates. */
export const VisitRegisterQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  week: z.iso.date().optional().describe('本周内任一日期（YYYY-MM-DD，北京时间）；默认上周（周一至周日）'),
  format: ExportFormatSchema,
})
export type VisitRegisterQuery = z.infer<typeof VisitRegisterQuerySchema>
