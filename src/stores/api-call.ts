// One API call with no session behind it: the request, the checked answer or an ApiError with a Chinese message.
// No Taro and no store, so the resident's signing page (src/resident-sign, outside Taro on H5) shares it with the
// app; stores/api.ts adds the session (its token, and what a 401 means) on top.
import { pathOf, type CallInput, type EndpointDef, type ResponseOf } from '@core/api/endpoint'
import { answerOf } from '@core/api/answer'
import { errorMessage, type ApiErrorBody } from '@core/errors'
import { NetworkError, type HttpClient } from '@core/sync/ports'
import { http as defaultHttp } from '../platform/http'
import { zh } from '../locales/zh-CN'

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface CallOptions {
  timeoutMs?: number
  http?: HttpClient
}

export async function send<E extends EndpointDef>(ep: E, input: CallInput<E>, token: string | null, options: CallOptions = {}): Promise<ResponseOf<E>> {
  const { body } = input as { body?: unknown }
  let res
  try {
    // An endpoint that takes raw bytes (an import's file) gets them as the body, not as JSON.
    const payload = ep.rawBody ? { rawBody: body as Uint8Array } : { body }
    res = await (options.http ?? defaultHttp).request({ method: ep.method, path: pathOf(ep, input), ...payload, token, timeoutMs: options.timeoutMs })
  } catch (err) {
    if (err instanceof NetworkError) {
      throw new ApiError(err.timedOut ? 'TIMEOUT' : 'OFFLINE', err.timedOut ? zh.common.timeout : zh.common.networkError, 0)
    }
    throw err
  }
  if (res.status >= 200 && res.status < 300) {
    const answer = answerOf(ep, res.body)
    if (answer === null) throw new ApiError('BAD_RESPONSE', zh.common.badResponse, res.status)
    return answer
  }
  throw failureOf(res.status, res.body)
}

export function failureOf(status: number, body: unknown): ApiError {
  const error = (body as Partial<ApiErrorBody> | null)?.error
  const code = error?.code ?? `HTTP_${status}`
  // The server's message is already Chinese; fall back to the shared list for proxies that answer with HTML.
  return new ApiError(code, error?.message || errorMessage(code), status)
}

/** The Chinese message for anything a call can throw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message
  return zh.common.unknownError
}
