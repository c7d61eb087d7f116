// 首次设置 of a real deployment: with the setup code the server printed at its first start, the first county admin
// names the county and themselves, is signed in, and sees their own 登录码 once. Closed once the county exists.
import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { SetupRequestSchema } from '@core/schemas/setup'
import Btn from '../../components/btn'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { useAuthStore } from '../../stores/auth'
import { copyText } from '../../platform/clipboard'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import { fieldId } from '../../platform/field-id'
import { url } from '../../pages/routes'
import { zhOfficial } from '../../locales/official'
import './index.css'
import PrivacyConsent from '../../components/privacy-consent'

const t = zhOfficial.setup

function Field(props: { id: string; label: string; value: string; placeholder?: string; maxlength: number; onInput: (v: string) => void }) {
  return (
    <View className='fz-setup__field'>
      <Text className='fz-label'>{props.label}</Text>
      <Input
        {...fieldId(props.id)}
        className='fz-input'
        value={props.value}
        placeholder={props.placeholder}
        maxlength={props.maxlength}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </View>
  )
}

/** The administrator's login code, shown this once. */
function LoginCode({ code }: { code: string }) {
  const copy = async () => {
    const copied = await copyText(code)
    if (copied.ok) void Taro.showToast({ title: t.copied, icon: 'success' })
    else await showDeviceFailure(copied, wechatLaunch.clipboard.failed)
  }
  return (
    <View className='fz-page'>
      <View className='fz-card'>
        <View className='fz-title'>{t.done}</View>
        <View className='fz-muted'>{t.loginCodeIntro}</View>
        <View className='fz-setup__code'>
          <Text id='setup-login-code' userSelect>
            {code}
          </Text>
        </View>
        <View className='fz-setup__actions'>
          <Btn className='fz-btn--block' onClick={() => void copy()}>
            {t.copy}
          </Btn>
          <Btn id='setup-enter' className='fz-btn--primary fz-btn--block' onClick={() => void Taro.reLaunch({ url: url.dashboard() })}>
            {t.enter}
          </Btn>
        </View>
      </View>
    </View>
  )
}

export default function SetupPage() {
  const status = useEndpoint(API.setupStatus, {})
  const [code, setCode] = useState(useRouter().params.code ?? '')
  const [countyName, setCountyName] = useState('')
  const [adminName, setAdminName] = useState('')
  const [adminPhone, setAdminPhone] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [loginCode, setLoginCode] = useState<string | null>(null)

  if (loginCode) return <LoginCode code={loginCode} />

  const submit = async () => {
    const parsed = SetupRequestSchema.safeParse({ code, countyName, adminName, adminPhone: adminPhone.trim() || undefined })
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? t.required)
    setBusy(true)
    setError(null)
    try {
      const res = await call(API.setup, { body: parsed.data })
      useAuthStore.getState().acceptSession(res)
      setLoginCode(res.loginCode)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  if (status.data && !status.data.needed) {
    return (
      <View className='fz-page'>
        <View className='fz-card' id='setup-closed'>
          <View>{t.closed}</View>
          <Btn className='fz-btn--primary fz-btn--block fz-setup__submit' onClick={() => void Taro.reLaunch({ url: url.login() })}>
            {t.toLogin}
          </Btn>
        </View>
      </View>
    )
  }

  return (
    <View className='fz-page'>
      <PrivacyConsent />
      <View className='fz-card'>
        <View className='fz-title'>{t.title}</View>
        <View className='fz-muted'>{t.intro}</View>
        <Field id='setup-code' label={t.code} value={code} placeholder={t.codePlaceholder} maxlength={128} onInput={setCode} />
        <Field id='setup-county' label={t.county} value={countyName} placeholder={t.countyPlaceholder} maxlength={40} onInput={setCountyName} />
        <Field id='setup-admin' label={t.admin} value={adminName} maxlength={40} onInput={setAdminName} />
        <Field id='setup-phone' label={t.phone} value={adminPhone} maxlength={20} onInput={setAdminPhone} />
        <Btn id='setup-submit' className='fz-btn--primary fz-btn--block fz-setup__submit' disabled={busy} onClick={() => void submit()}>
          {t.submit}
        </Btn>
        {(error ?? status.error) && (
          <View className='fz-error' id='setup-error'>
            {error ?? status.error}
          </View>
        )}
      </View>
    </View>
  )
}
