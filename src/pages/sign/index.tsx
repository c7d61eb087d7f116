// The resident's own signing page, opened from the worker's QR code in any phone browser: public, no login.
// It shows the doorplate and the pledge, takes a name and a handwritten signature, and hands back the 居民留存联.
import { useRef } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { formatChinaTime } from '@core/china-time'
import Btn from '../../components/btn'
import PledgeCopy from '../../components/pledge-copy'
import PledgeText from '../../components/pledge-copy/pledge-text'
import PrivacyNotice from '../../components/privacy-notice'
import SaveBar from '../../components/save-bar'
import SignaturePad, { type SignaturePadHandle } from '../../components/signature-pad'
import { withTypeScale } from '../../components/type-scale'
import { fieldId } from '../../platform/field-id'
import { scrollToFirstError } from '../../platform/scroll'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import { useSignFlow } from './sign-flow'
import './index.css'

const t = zh.pledge.public

/** 投诉建议 from this page: the signing link is the resident's credential there too. */
function FeedbackLink({ token }: { token: string }) {
  return (
    <View id='sign-feedback' className='fz-link fz-sign-page__feedback' onClick={() => void Taro.navigateTo({ url: url.feedback(token) })}>
      {zh.feedbackEntry} ›
    </View>
  )
}

const effects = { scrollToFirstError: () => scrollToFirstError(), scrollToTop: () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 }) }

function SignPage() {
  const token = useRouter().params.token ?? ''
  const { view, retry, failed, done, name, setName, errors, submitting, submit } = useSignFlow(token, effects)
  const pad = useRef<SignaturePadHandle>(null)

  if (failed) {
    return (
      <View className='fz-page fz-elder'>
        <View className='fz-sign-page__error' id='sign-error'>
          {failed.message}
        </View>
        {failed.retry && (
          <Btn id='sign-retry' className='fz-btn--block' onClick={retry}>
            {t.retry}
          </Btn>
        )}
        {token && <FeedbackLink token={token} />}
      </View>
    )
  }

  if (done) {
    const r = done.result
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
          signatureSrc={done.signatureSrc}
        />
        {view && <PrivacyNotice retentionDays={view.retentionDays} />}
        <FeedbackLink token={token} />
      </View>
    )
  }

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
        onInput={(e) => setName(e.detail.value)}
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
        <Btn id='sign-submit' className='fz-btn--primary fz-btn--block' disabled={submitting} onClick={() => void submit(async () => (await pad.current?.take()) ?? null)}>
          {submitting ? t.submitting : t.submit}
        </Btn>
      </SaveBar>
      <View className='fz-muted fz-sign-page__expires'>{t.expires(formatChinaTime(Date.parse(view.expiresAt)))}</View>
      <FeedbackLink token={token} />
    </View>
  )
}

export default withTypeScale(SignPage)
