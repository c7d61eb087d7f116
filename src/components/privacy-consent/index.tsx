// The privacy consent dialog (weapp): WeChat holds a privacy API call (photo picker, location, clipboard…) until the
// user answers here; 同意 is a native button with open-type="agreePrivacyAuthorization", which WeChat requires.
// Renders nothing on H5 and while no call waits. Put one in every page or component that calls a privacy API.
import { useEffect, useState } from 'react'
import { Button, View } from '@tarojs/components'
import { PRIVACY_AGREE_BUTTON_ID, installPrivacyConsent, openPrivacyGuide, registerPrivacyHost, watchPrivacyRequests, type PrivacyRequest } from '../../platform/privacy'
import { wechatLaunch } from '../../locales/wechat-launch'
import Btn from '../btn'
import './index.css'

const t = wechatLaunch.privacy

export default function PrivacyConsent() {
  const [request, setRequest] = useState<PrivacyRequest | null>(null)
  const [host] = useState(registerPrivacyHost)
  useEffect(() => {
    // The listener goes in with the first dialog; before that WeChat's own popup asks (nothing hangs either way).
    installPrivacyConsent()
    const unwatch = watchPrivacyRequests(setRequest)
    return () => {
      unwatch()
      host.release()
    }
  }, [host])
  if (!request || !host.isTop()) return null
  return (
    <View className='fz-sheet fz-consent' catchMove>
      <View className='fz-sheet__box' id='privacy-consent'>
        <View className='fz-sheet__title'>{t.title}</View>
        <View className='fz-sheet__text'>{t.body}</View>
        <View className='fz-consent__link' onClick={openPrivacyGuide}>
          {t.readGuide}
        </View>
        <Button
          id={PRIVACY_AGREE_BUTTON_ID}
          className='fz-btn fz-btn--primary fz-btn--block fz-consent__agree'
          openType='agreePrivacyAuthorization'
          onAgreePrivacyAuthorization={() => request.agree()}
        >
          {t.agree}
        </Button>
        <Btn className='fz-btn--block' onClick={() => request.disagree()}>
          {t.disagree}
        </Btn>
      </View>
    </View>
  )
}
