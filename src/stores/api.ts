// The app's one API client: every call names its endpoint from src/core/api, gets its answer (checked as
// src/core/api/answer.ts says), or an ApiError with a Chinese message. It owns the base URL (through platform/http), the
// token, and what a 401 means: the session is over, so the auth store forgets it and the page guards send the
// user to 登录 (records not yet synced stay on the phone for the next login).
import { pathOf, type CallInput, type EndpointDef, type ResponseOf } from '@core/api/endpoint'
import { downloadFile, downloadPostedFile } from '../platform/download-file'
import { ApiError, failureOf, send, type CallOptions } from './api-call'
import { useAuthStore } from './auth'

export { ApiError, messageOf, type CallOptions } from './api-call'

export async function call<E extends EndpointDef>(ep: E, input: CallInput<E>, options: CallOptions = {}): Promise<ResponseOf<E>> {
  const token = ep.callers === 'public' ? null : useAuthStore.getState().token
  try {
    return await send(ep, input, token, options)
  } catch (err) {
    if (err instanceof ApiError) endSessionOn(err, token)
    throw err
  }
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

/** A 401 UNAUTHENTICATED to a call made with a token: the session is over. */
function endSessionOn(err: ApiError, token: string | null): void {
  if (err.status === 401 && token && err.code === 'UNAUTHENTICATED') useAuthStore.getState().sessionExpired()
}

function failure(status: number, body: unknown, token: string | null): ApiError {
  const err = failureOf(status, body)
  endSessionOn(err, token)
  return err
}
