// The resident's own signing page, opened from the worker's QR code in any phone browser: public, no login.
// It shows the doorplate and the pledge, takes a name and a handwritten signature, and hands back the 居民留存联.
import { useCallback, useEffect, useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { formatChinaTime } from '@core/china-time'
import { errorMessage } from '@core/errors'
import {
  PublicSignResultSchema,
  PublicSignViewSchema,
  type PublicSignResult,
  type PublicSignView,
} from '@core/schemas/pledge-api'
import Btn from '../../components/btn'
import PledgeCopy from '../../components/pledge-copy'
import PledgeText from '../../components/pledge-copy/pledge-text'
import SignaturePad, { type SignatureImage, type SignaturePadHandle } from '../../components/signature-pad'
import { bytesToBase64 } from '../../components/signature-pad/ink'
import { ApiError, callApi } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import './index.css'

const t = zh.pledge.public

type Phase =
  | { phase: 'loading' }
  /** `retry`: the network failed, not the link; trying again may work. */
  | { phase: 'error'; message: string; retry: boolean }
  | { phase: 'form'; view: PublicSignView }
  | { phase: 'done'; result: PublicSignResult; signatureSrc: string }

/** The link itself is bad (invalid, expired, used): no retry helps, the resident needs a new one. */
const isLinkError = (err: unknown) => err instanceof ApiError && err.code.startsWith('SIGN_LINK_')
const isNetworkError = (err: unknown) => err instanceof ApiError && (err.code === 'OFFLINE' || err.code === 'TIMEOUT' || err.status >= 500)

export default function SignPage() {
  const token = useRouter().params.token ?? ''
  const [state, setState] = useState<Phase>({ phase: 'loading' })
  const [name, setName] = useState('')
  const [signature, setSignature] = useState<SignatureImage | null>(null)
  const [errors, setErrors] = useState<{ name?: string; submit?: string }>({})
  const [submitting, setSubmitting] = useState(false)
  const submittingRef = useRef(false)
  const pad = useRef<SignaturePadHandle>(null)
  const path = `/api/v1/public/sign/${encodeURIComponent(token)}`

  const load = useCallback(async () => {
    if (!token) return setState({ phase: 'error', message: errorMessage('SIGN_LINK_INVALID'), retry: false })
    setState({ phase: 'loading' })
    try {
      setState({ phase: 'form', view: await callApi(PublicSignViewSchema, { method: 'GET', path }) })
    } catch (err) {
      setState({ phase: 'error', message: err instanceof ApiError ? err.message : zh.common.unknownError, retry: isNetworkError(err) })
    }
  }, [token, path])

  useEffect(() => {
    void load()
  }, [load])

  const submit = async () => {
    if (submittingRef.current || state.phase !== 'form') return
    const signerName = name.trim()
    const found: typeof errors = {}
    if (signerName.length < 2 || signerName.length > 20) found.name = t.errors.name
    // A signature drawn but not yet confirmed with 确定 is taken as it is; an empty pad says so under itself.
    const sig = signature ?? (await pad.current?.confirm()) ?? null
    setErrors(found)
    if (found.name || !sig) return
    submittingRef.current = true
    setSubmitting(true)
    try {
      const result = await callApi(PublicSignResultSchema, {
        method: 'POST',
        path,
        body: { signerName, signaturePng: bytesToBase64(sig.bytes) },
      })
      setState({ phase: 'done', result, signatureSrc: sig.src })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } catch (err) {
      submittingRef.current = false
      setSubmitting(false)
      if (isLinkError(err)) setState({ phase: 'error', message: (err as ApiError).message, retry: false })
      else setErrors({ submit: err instanceof ApiError ? err.message : zh.common.unknownError })
    }
  }

  if (state.phase === 'loading') return <View className='fz-page fz-empty'>{t.loading}</View>

  if (state.phase === 'error') {
    return (
      <View className='fz-page'>
        <View className='fz-sign-page__error' id='sign-error'>
          {state.message}
        </View>
        {state.retry && (
          <Btn id='sign-retry' className='fz-btn--block' onClick={() => void load()}>
            {t.retry}
          </Btn>
        )}
      </View>
    )
  }

  if (state.phase === 'done') {
    const r = state.result
    return (
      <View className='fz-page'>
        <View className='fz-pledge__done' id='sign-done'>
          <View className='fz-pledge__done-title'>✓ {zh.pledge.sign.saved}</View>
          <View>{t.done}</View>
        </View>
        <PledgeCopy
          copy={{
            title: r.title,
            content: r.content,
            doorplate: r.doorplate,
            signerName: r.signerName,
            signedAt: Date.parse(r.signedAt),
            verificationCode: r.verificationCode,
          }}
          signatureSrc={state.signatureSrc}
        />
      </View>
    )
  }

  const { view } = state
  return (
    <View className='fz-page'>
      <View className='fz-card'>
        <View className='fz-muted'>{t.doorplate}</View>
        <View className='fz-title' id='sign-doorplate'>
          {view.doorplate}
        </View>
      </View>
      <View className='fz-sign-page__intro'>{t.intro}</View>
      <PledgeText title={view.title} content={view.content} />

      <Text className='fz-label'>{t.name}</Text>
      <Input
        {...fieldId('sign-name')}
        className='fz-input'
        type='text'
        maxlength={20}
        value={name}
        placeholder={t.namePlaceholder}
        onInput={(e) => {
          setName(e.detail.value)
          setErrors((x) => ({ ...x, name: undefined }))
        }}
      />
      {errors.name && <View className='fz-error'>{errors.name}</View>}

      <Text className='fz-label'>{t.signature}</Text>
      <SignaturePad
        ref={pad}
        disabled={submitting}
        onChange={setSignature}
      />

      <Btn id='sign-submit' className='fz-btn--primary fz-btn--block fz-sign-page__submit' disabled={submitting} onClick={() => void submit()}>
        {submitting ? t.submitting : t.submit}
      </Btn>
      {errors.submit && (
        <View className='fz-error' id='sign-submit-error'>
          {errors.submit}
        </View>
      )}
      <View className='fz-muted fz-sign-page__expires'>{t.expires(formatChinaTime(Date.parse(view.expiresAt)))}</View>
    </View>
  )
}
