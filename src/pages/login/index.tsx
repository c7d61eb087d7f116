// Sign-in: 登录码 everywhere, plus 微信登录 (with a one-time 绑定码 the first time, typed or scanned) in the
// mini-program; 首次设置 while the server has no county yet.
import { useState } from 'react'
import { View, Text, Input } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { Me } from '@core/schemas/auth'
import { setupStatus } from '@core/api/endpoints/setup'
import Btn from '../../components/btn'
import { useEndpoint } from '../../components/use-endpoint'
import { ApiError, messageOf } from '../../stores/api'
import { useAuthStore } from '../../stores/auth'
import { fieldId } from '../../platform/field-id'
import { wechatLoginAvailable } from '../../platform/wechat'
import { scanAvailable, scanText } from '../../platform/scan'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import { homeUrl, url } from '../routes'
import { zh } from '../../locales/zh-CN'
import './index.css'
import PrivacyConsent from '../../components/privacy-consent'
import { withTypeScale } from '../../components/type-scale'

function goHome(user: Me) {
  void Taro.reLaunch({ url: homeUrl(user.role) })
}

function LoginPage() {
  const current = useAuthStore((s) => s.user)
  const [code, setCode] = useState('')
  const [bindCode, setBindCode] = useState('')
  const [needBind, setNeedBind] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(() => useAuthStore.getState().endedBecause)
  // Offline or an older server: no link, nothing to say.
  const setup = useEndpoint(setupStatus, {})

  const run = async (fn: () => Promise<Me>, fallback: string) => {
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      goHome(await fn())
    } catch (err) {
      if (err instanceof ApiError && err.code === 'WECHAT_NOT_BOUND') setNeedBind(true)
      setError(err instanceof ApiError ? messageOf(err) : fallback)
    } finally {
      setBusy(false)
    }
  }

  const submitCode = () => {
    if (!code.trim()) return setError(zh.login.codeRequired)
    void run(() => useAuthStore.getState().loginWithCode(code.trim()), zh.common.unknownError)
  }

  const scanBind = async () => {
    const res = await scanText()
    if (res.ok) setBindCode(res.value.trim())
    else await showDeviceFailure(res, wechatLaunch.scan.failed)
  }

  const submitWechat = () => {
    if (needBind && !bindCode.trim()) return setError(zh.login.bindRequired)
    void run(() => useAuthStore.getState().loginWithWechat(needBind ? bindCode.trim() : undefined), zh.login.wechatFailed)
  }

  return (
    <View className='fz-page fz-login'>
      <PrivacyConsent />
      <View className='fz-login__brand'>
        <Text className='fz-login__name'>{zh.appName}</Text>
        <Text className='fz-login__sub'>{zh.login.subtitle}</Text>
      </View>
      <View className='fz-card'>
        {current && <View className='fz-muted'>{zh.login.signedInAs(current.name)}</View>}
        <Text className='fz-label'>{zh.login.codeLabel}</Text>
        <Input
          {...fieldId('login-code')}
          className='fz-input'
          value={code}
          placeholder={zh.login.codePlaceholder}
          maxlength={64}
          confirmType='go'
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={submitCode}
        />
        <Btn id='login-submit' className='fz-btn--primary fz-btn--block fz-login__submit' disabled={busy} onClick={submitCode}>
          {zh.login.submit}
        </Btn>
        {wechatLoginAvailable && (
          <View className='fz-login__wechat'>
            <View className='fz-login__or'>{zh.login.or}</View>
            {needBind && (
              <View>
                <Text className='fz-label'>{zh.login.bindLabel}</Text>
                <View className='fz-row'>
                  <Input
                    {...fieldId('bind-code')}
                    className='fz-input fz-grow'
                    value={bindCode}
                    placeholder={zh.login.bindPlaceholder}
                    maxlength={64}
                    onInput={(e) => setBindCode(e.detail.value)}
                  />
                  {scanAvailable && (
                    <Btn id='bind-scan' className='fz-btn--small fz-login__scan' onClick={() => void scanBind()}>
                      {zh.login.scanBind}
                    </Btn>
                  )}
                </View>
              </View>
            )}
            <Btn id='login-wechat' className='fz-btn--block fz-login__submit' disabled={busy} onClick={submitWechat}>
              {needBind ? zh.login.bindSubmit : zh.login.wechat}
            </Btn>
          </View>
        )}
        {error && <View className='fz-error' id='login-error'>{error}</View>}
      </View>
      {setup.data?.needed && (
        <View id='open-setup' className='fz-link fz-login__setup' onClick={() => void Taro.navigateTo({ url: url.setup() })}>
          {zh.login.setupLink}
        </View>
      )}
    </View>
  )
}

export default withTypeScale(LoginPage)
