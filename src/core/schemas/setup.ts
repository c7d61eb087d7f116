// First-run setup of a real deployment: the county and its first administrator, made with a one-time code.
// Apart from the staff schemas so the login page (main package) loads only this.
import { z } from 'zod'
import { text } from './text'
import { LoginResponseSchema } from './auth'
import { Mobile, PersonName } from './person'

export const SetupStatusSchema = z.object({
  /** True until the county and its first administrator exist; the setup page is offered only then. */
  needed: z.boolean(),
})

export const SetupRequestSchema = z.object({
  /** The one-time code the server printed at its first start. */
  code: text().trim().min(16, '请输入服务器启动时显示的设置码').max(128),
  countyName: text().trim().min(2, '请填写县（区）名称').max(40),
  adminName: PersonName,
  adminPhone: Mobile.optional(),
})
export type SetupRequest = z.infer<typeof SetupRequestSchema>

/** A session like a login's, and the administrator's own login code, shown this once. */
export const SetupResponseSchema = LoginResponseSchema.extend({ loginCode: text() })
export type SetupResponse = z.infer<typeof SetupResponseSchema>

/** The H5 app's setup page (OFFICIAL_PAGES.setup in src/pages/routes.ts), for the link a first start prints. */
export const SETUP_PAGE_PATH = 'pkg-official/setup/index'
