// The app's one API client: every call names its endpoint from src/core/api, gets its answer (checked as
// src/core/api/answer.ts says), or an ApiError with a Chinese message. It owns the base URL (through platform/http), the
// token, and what a 401 means: the session is over, so the auth store forgets it and the page guards send the
// user to 登录 (records not yet synced stay on the phone for the next login).
import { pathOf, type CallInput, type EndpointDef, type ResponseOf } from '@core/api/endpoint'
import { answerOf } from '@core/api/answer'
import { errorMessage, type ApiErrorBody } from '@core/errors'
import { NetworkError, type HttpClient } from '@core/sync/ports'
import { http as defaultHttp } from '../platform/http'
import { downloadFile, downloadPostedFile } from '../platform/download-file'
import { zh } from '../locales/zh-CN'
import { useAuthStore } from './auth'

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

export async function call<E extends EndpointDef>(ep: E, input: CallInput<E>, options: CallOptions = {}): Promise<ResponseOf<E>> {
  const token = ep.callers === 'public' ? null : useAuthStore.getState().token
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
  throw failure(res.status, res.body, token)
}

/**
 * Saves a file answer (roster, ranking, report, PDF) under `fileName`: the browser's download in H5, WeChat's
 * file viewer on a phone. Resolves false when the server sent no file; `onRefused` then gets the server's answer
 * (e.g. ROSTER_EMPTY with its Chinese message).
 */
export async function download<E extends EndpointDef>(ep: E, input: CallInput<E>, fileName: string, onRefused?: (err: ApiError) => void): Promise<boolean> {
  const token = useAuthStore.getState().token
  if (!token) {
    useAuthStore.getState().sessionExpired()
    return false
  }
  const mime = ep.file?.[0] ?? 'application/octet-stream'
  const path = pathOf(ep, input)
  const { body } = input as { body?: unknown }
  const refused = onRefused && ((status: number, res: unknown) => onRefused(failure(status, res, token)))
  return ep.method === 'GET' ? downloadFile(path, fileName, mime, token, refused) : downloadPostedFile(path, body, fileName, mime, token)
}

function failure(status: number, body: unknown, token: string | null): ApiError {
  const error = (body as Partial<ApiErrorBody> | null)?.error
  const code = error?.code ?? `HTTP_${status}`
  if (status === 401 && token && code === 'UNAUTHENTICATED') useAuthStore.getState().sessionExpired()
  // The server's message is already Chinese; fall back to the shared list for proxies that answer with HTML.
  return new ApiError(code, error?.message || errorMessage(code), status)
}

/** The Chinese message for anything a call can throw. */
export function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message
  return zh.common.unknownError
}
