// Per-worker activity this week (China-time week from Monday 00:00): who went out, and who did not.
import { z } from 'zod'
import { ROLES } from './auth'

export const ActivityQuerySchema = z.object({
  /** A village, town or county in the caller's scope; defaults to the caller's own area. */
  areaId: z.string().min(1).max(64).optional(),
})

export const WorkerActivitySchema = z.object({
  userId: z.string(),
  name: z.string(),
  /** 网格员, or someone else (a village head, a town official) who authored records in the area. */
  role: z.enum(ROLES),
  villageId: z.string().nullable(),
  villageName: z.string().nullable(),
  /** The worker's own grid; null for authors who are not grid workers. */
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  visits: z.number().int(),
  /** Distinct households visited this week. */
  households: z.number().int(),
  pledges: z.number().int(),
  installs: z.number().int(),
  handouts: z.number().int(),
  /** When the latest of this week's records happened (ISO); null without any. */
  lastActiveAt: z.string().nullable(),
})
export type WorkerActivity = z.infer<typeof WorkerActivitySchema>

export const ActivityResponseSchema = z.object({
  area: z.object({ id: z.string(), name: z.string(), level: z.string() }),
  /** Monday 00:00 China time of the current week (ISO). */
  weekStart: z.string(),
  workers: z.array(WorkerActivitySchema),
  serverTime: z.string(),
})
export type ActivityResponse = z.infer<typeof ActivityResponseSchema>
