// A crash report from the app (core/client-error.ts says what it may contain); the server scrubs it again.
import { z } from 'zod'
import { CLIENT_ERROR_KINDS, CLIENT_ERROR_LIMITS, CLIENT_ERROR_PLATFORMS } from '../client-error'
import { multilineText, text } from './text'

export const ClientErrorReportSchema = z.object({
  platform: z.enum(CLIENT_ERROR_PLATFORMS),
  kind: z.enum(CLIENT_ERROR_KINDS),
  // Longer texts are refused rather than stored: the app truncates before sending.
  message: multilineText().min(1).max(CLIENT_ERROR_LIMITS.message),
  stack: multilineText().max(CLIENT_ERROR_LIMITS.stack).optional(),
  page: text().max(CLIENT_ERROR_LIMITS.page).optional(),
  /** The app's version as the build states it. */
  version: text().max(40).optional(),
})
export type ClientErrorReport = z.infer<typeof ClientErrorReportSchema>

export const ClientErrorAnswerSchema = z.object({
  /** false when this account already sent its share for the hour: the report was dropped, not an error. */
  stored: z.boolean(),
})
