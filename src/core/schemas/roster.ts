// The weekly install roster (花名册) export: which area, which week, whose rows.
import { z } from 'zod'
import { text } from './text'

export const RosterQuerySchema = z.object({
  areaId: text().min(1).max(64).optional(),
  week: z.iso.date().optional().describe('本周内任一日期（YYYY-MM-DD，北京时间）；默认上周（周一至周日）'),
  scope: z.enum(['week', 'all']).default('week').describe('week：该周内有步骤日期的居民；all：全部 16–60 岁居民及当前进度'),
})
export type RosterQuery = z.infer<typeof RosterQuerySchema>
