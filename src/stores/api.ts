// Plain API calls (login, coverage): parse the answer with its schema, or throw an ApiError with a Chinese message.
import type { z } from 'zod'
import { errorMessage, type ApiErrorBody } from '@core/errors'
import { NetworkError, type HttpClient, type HttpRequest } from '@core/sync/ports'
import { http as defaultHttp } from '../platform/http'
import { zh } from '../locales/zh-CN'

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message)
    this.name = 'ApiError'
  }
}

export async function callApi<T>(schema: z.ZodType<T>, req: HttpRequest, http: HttpClient = defaultHttp): Promise<T> {
  let res
  try {
    res = await http.request(req)
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new ApiError(err.timedOut ? 'TIMEOUT' : 'OFFLINE', err.timedOut ? zh.common.timeout : zh.common.networkError, 0)
    }
    throw err
  }
  if (res.status >= 200 && res.status < 300) {
    const parsed = schema.safeParse(res.body)
    if (!parsed.success) throw new ApiError('BAD_RESPONSE', zh.common.badResponse, res.status)
    return parsed.data
  }
  const error = (res.body as Partial<ApiErrorBody> | null)?.error
  const code = error?.code ?? `HTTP_${res.status}`
  // The server's message is already Chinese; fall back to the shared list for proxies that answer with HTML.
  throw new ApiError(code, error?.message || errorMessage(code), res.status)
}

/** The Chinese message for anything a call can throw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message
  return zh.common.unknownError
}
