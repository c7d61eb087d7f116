// Sends the app's uncaught errors to the server (POST /client-errors), scrubbed on the phone first
// (core/client-error.ts). Only when signed in; each distinct message once, and at most MAX_PER_RUN a run, so a
// render loop neither floods the server nor the worker's data plan. Never throws: a report that fails is dropped.
import { reportClientError as endpoint } from '@core/api/endpoints/client-errors'
import { CLIENT_ERROR_LIMITS, scrubErrorText, scrubPage } from '@core/client-error'
import type { AppErrorReporter } from '../platform/app-health'
import { call } from './api'
import { useAuthStore } from './auth'

const MAX_PER_RUN = 10
let sent = 0
const seen = new Set<string>()

export const reportAppError: AppErrorReporter = ({ kind, message, stack, page }) => {
  if (!useAuthStore.getState().token || sent >= MAX_PER_RUN) return
  const text = scrubErrorText(message || 'unknown error', CLIENT_ERROR_LIMITS.message)
  if (seen.has(text)) return
  seen.add(text)
  sent += 1
  const body = {
    platform: process.env.TARO_ENV === 'h5' ? ('h5' as const) : ('weapp' as const),
    kind,
    message: text,
    stack: stack ? scrubErrorText(stack, CLIENT_ERROR_LIMITS.stack) : undefined,
    page: page ? scrubPage(page) : undefined,
  }
  void call(endpoint, { body }, { timeoutMs: 10_000 }).catch(() => undefined)
}
