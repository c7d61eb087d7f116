// What the resident's signing page does, whatever draws it: the Taro page (weapp, and H5 inside the app) and the H5
// page a signing link opens outside Taro (src/resident-sign). It reads the link, checks the name and the pad, signs,
// and tells a bad link (no retry helps) from a network failure (重试 may).
import { useCallback, useEffect, useRef, useState } from 'react'
import * as API from '@core/api/endpoints/pledges'
import type { ResponseOf } from '@core/api/endpoint'
import { errorMessage } from '@core/errors'
import { ApiError, messageOf, send } from '../../stores/api-call'
import { bytesToBase64 } from '../../components/signature-pad/ink'
import { zh } from '../../locales/zh-CN'

export type SignView = ResponseOf<typeof API.signLinkView>
export type SignResult = ResponseOf<typeof API.signByLink>

/** The pad's drawing as PNG bytes and something an image can show, or null (the pad then says why under itself). */
export type TakeSignature = () => Promise<{ bytes: ArrayBuffer; src: string } | null>

/** What ends the form: the pledge signed, or the link found bad on 提交 (used or expired meanwhile). */
export type Outcome = { phase: 'done'; result: SignResult; signatureSrc: string } | { phase: 'error'; message: string }

export interface SignFlowEffects {
  /** Brings the first message (请填写姓名, then 请签名 under the pad) into view: it may sit above the screen. */
  scrollToFirstError(): void
  scrollToTop(): void
}

/** The link itself is bad (invalid, expired, used): no retry helps, the resident needs a new one. */
const isLinkError = (err: unknown): err is ApiError => err instanceof ApiError && err.code.startsWith('SIGN_LINK_')
const isNetworkError = (err: ApiError) => err.code === 'OFFLINE' || err.code === 'TIMEOUT' || err.status >= 500
const asApiError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('CLIENT_ERROR', messageOf(err), 0))

function useLinkView(token: string) {
  const [view, setView] = useState<SignView | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)
  const load = useCallback(() => {
    if (!token) return
    setFailure(null)
    send(API.signLinkView, { params: { token } }, null).then(setView, (err: unknown) => setFailure(asApiError(err)))
  }, [token])
  useEffect(load, [load])
  return { view, failure, reload: load }
}

export function useSignFlow(token: string, effects: SignFlowEffects) {
  const link = useLinkView(token)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [name, setNameState] = useState('')
  const [errors, setErrors] = useState<{ name?: string; submit?: string }>({})
  const [submitting, setSubmitting] = useState(false)
  const submittingRef = useRef(false)

  const setName = (value: string) => {
    setNameState(value)
    setErrors((x) => ({ ...x, name: undefined }))
  }

  const submit = async (take: TakeSignature) => {
    if (submittingRef.current || !link.view || outcome) return
    const signerName = name.trim()
    const found: typeof errors = {}
    if (signerName.length < 2 || signerName.length > 20) found.name = zh.pledge.public.errors.name
    // 提交 takes the strokes as they are (there is no 确定 under the pad); an empty pad says so under itself.
    const sig = await take()
    setErrors(found)
    if (found.name || !sig) return effects.scrollToFirstError()
    submittingRef.current = true
    setSubmitting(true)
    try {
      const result = await send(API.signByLink, { params: { token }, body: { signerName, signaturePng: bytesToBase64(sig.bytes) } }, null)
      setOutcome({ phase: 'done', result, signatureSrc: sig.src })
      effects.scrollToTop()
    } catch (err) {
      submittingRef.current = false
      setSubmitting(false)
      if (isLinkError(err)) setOutcome({ phase: 'error', message: err.message })
      else setErrors({ submit: messageOf(err) })
    }
  }

  // A bad link, or one found used or expired on 提交, ends here; a network failure (not the link) may pass on 重试.
  const failed = !token
    ? { message: errorMessage('SIGN_LINK_INVALID'), retry: false }
    : outcome?.phase === 'error'
      ? { message: outcome.message, retry: false }
      : link.failure && { message: link.failure.message, retry: isNetworkError(link.failure) }

  return { view: link.view, retry: link.reload, failed, done: outcome?.phase === 'done' ? outcome : null, name, setName, errors, submitting, submit }
}
