// Per-worker activity this week (China-time week from Monday 00:00): who went out, and who did not.
import { z } from 'zod'
import { text } from './text'
import { ROLES } from './auth'

export const ActivityQuerySchema = z.object({
  /** A village, town or county in the caller's scope; defaults to the caller's own area. */
  areaId: text().min(1).max(64).optional(),
})

export const WorkerActivitySchema = z.object({
  userId: text(),
  name: text(),
  /** 网格员, or someone else (a village head, a town official) who authored records in the area. */
  role: z.enum(ROLES),
  /** The town of the village, for the county's card, which groups villages by town. */
  townId: text().nullable(),
  townName: text().nullable(),
  villageId: text().nullable(),
  villageName: text().nullable(),
  /** The worker's own grid; null for authors who are not grid workers. */
  gridId: text().nullable(),
  gridName: text().nullable(),
  visits: z.number().int(),
  /** Distinct households visited this week. */
  households: z.number().int(),
  pledges: z.number().int(),
  installs: z.number().int(),
  handouts: z.number().int(),
  /** When the latest of this week's records happened (ISO); null without any. */
  lastActiveAt: text().nullable(),
})
export type WorkerActivity = z.infer<typeof WorkerActivitySchema>

export const ActivityResponseSchema = z.object({
  area: z.object({ id: text(), name: text(), level: text() }),
  /** Monday 00:00 China time of the current week (ISO). */
  weekStart: text(),
  workers: z.array(WorkerActivitySchema),
  serverTime: text(),
})
export type ActivityResponse = z.infer<typeof ActivityResponseSchema>
