// The resident's own signing page, opened from the worker's QR code in any phone browser: public, no login.
// It shows the doorplate and the pledge, takes a name and a handwritten signature, and hands back the 居民留存联.
import { useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import * as API from '@core/api/endpoints/pledges'
import { formatChinaTime } from '@core/china-time'
import { errorMessage } from '@core/errors'
import type { PublicSignResult } from '@core/schemas/pledge-api'
import Btn from '../../components/btn'
import PledgeCopy from '../../components/pledge-copy'
import PledgeText from '../../components/pledge-copy/pledge-text'
import PrivacyNotice from '../../components/privacy-notice'
import SaveBar from '../../components/save-bar'
import SignaturePad, { type SignaturePadHandle } from '../../components/signature-pad'
import { bytesToBase64 } from '../../components/signature-pad/ink'
import { withTypeScale } from '../../components/type-scale'
import { useEndpoint } from '../../components/use-endpoint'
import { ApiError, call } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { scrollToFirstError } from '../../platform/scroll'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

const t = zh.pledge.public

/** What ends the form: the pledge signed, or the link found bad on 提交 (used or expired meanwhile). */
type Outcome = { phase: 'done'; result: PublicSignResult; signatureSrc: string } | { phase: 'error'; message: string }

/** 投诉建议 from this page: the signing link is the resident's credential there too. */
function FeedbackLink({ token }: { token: string }) {
  return (
    <View id='sign-feedback' className='fz-link fz-sign-page__feedback' onClick={() => void Taro.navigateTo({ url: url.feedback(token) })}>
      {zh.feedbackEntry} ›
    </View>
  )
}

/** The link itself is bad (invalid, expired, used): no retry helps, the resident needs a new one. */
const isLinkError = (err: unknown) => err instanceof ApiError && err.code.startsWith('SIGN_LINK_')
const isNetworkError = (err: unknown) => err instanceof ApiError && (err.code === 'OFFLINE' || err.code === 'TIMEOUT' || err.status >= 500)

function SignPage() {
  const token = useRouter().params.token ?? ''
  const link = useEndpoint(API.signLinkView, token ? { params: { token } } : null)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [name, setName] = useState('')
  const [errors, setErrors] = useState<{ name?: string; submit?: string }>({})
  const [submitting, setSubmitting] = useState(false)
  const submittingRef = useRef(false)
  const pad = useRef<SignaturePadHandle>(null)

  const submit = async () => {
    if (submittingRef.current || !link.data || outcome) return
    const signerName = name.trim()
    const found: typeof errors = {}
    if (signerName.length < 2 || signerName.length > 20) found.name = t.errors.name
    // 提交 takes the strokes as they are (there is no 确定 under the pad); an empty pad says so under itself.
    const sig = (await pad.current?.take()) ?? null
    setErrors(found)
    // The first message (请填写姓名, then 请签名 under the pad) is brought into view: it may sit above the screen.
    if (found.name || !sig) return scrollToFirstError()
    submittingRef.current = true
    setSubmitting(true)
    try {
      const result = await call(API.signByLink, { params: { token }, body: { signerName, signaturePng: bytesToBase64(sig.bytes) } })
      setOutcome({ phase: 'done', result, signatureSrc: sig.src })
      void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
    } catch (err) {
      submittingRef.current = false
      setSubmitting(false)
      if (isLinkError(err)) setOutcome({ phase: 'error', message: (err as ApiError).message })
      else setErrors({ submit: err instanceof ApiError ? err.message : zh.common.unknownError })
    }
  }

  // A bad link, or one found used or expired on 提交, ends here; a network failure (not the link) may pass on 重试.
  const failed = !token
    ? { message: errorMessage('SIGN_LINK_INVALID'), retry: false }
    : outcome?.phase === 'error'
      ? { message: outcome.message, retry: false }
      : link.failure && { message: link.failure.message, retry: isNetworkError(link.failure) }
  if (failed) {
    return (
      <View className='fz-page fz-elder'>
        <View className='fz-sign-page__error' id='sign-error'>
          {failed.message}
        </View>
        {failed.retry && (
          <Btn id='sign-retry' className='fz-btn--block' onClick={link.refresh}>
            {t.retry}
          </Btn>
        )}
        {token && <FeedbackLink token={token} />}
      </View>
    )
  }

  if (outcome?.phase === 'done') {
    const r = outcome.result
    return (
      <View className='fz-page fz-elder'>
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
          signatureSrc={outcome.signatureSrc}
        />
        {link.data && <PrivacyNotice retentionDays={link.data.retentionDays} />}
        <FeedbackLink token={token} />
      </View>
    )
  }

  const view = link.data
  if (!view) return <View className='fz-page fz-elder fz-empty'>{t.loading}</View>
  return (
    <View className='fz-page fz-elder'>
      <View className='fz-card'>
        <View className='fz-muted'>{t.doorplate}</View>
        <View className='fz-title' id='sign-doorplate'>
          {view.doorplate}
        </View>
      </View>
      <View className='fz-sign-page__intro'>{t.intro}</View>
      <PledgeText title={view.title} content={view.content} />
      <PrivacyNotice retentionDays={view.retentionDays} />

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
      />

      {/* The one primary action, kept at the bottom of the screen while the resident reads and signs. */}
      <SaveBar>
        {errors.submit && (
          <View className='fz-error' id='sign-submit-error'>
            {errors.submit}
          </View>
        )}
        <Btn id='sign-submit' className='fz-btn--primary fz-btn--block' disabled={submitting} onClick={() => void submit()}>
          {submitting ? t.submitting : t.submit}
        </Btn>
      </SaveBar>
      <View className='fz-muted fz-sign-page__expires'>{t.expires(formatChinaTime(Date.parse(view.expiresAt)))}</View>
      <FeedbackLink token={token} />
    </View>
  )
}

export default withTypeScale(SignPage)
