// 个人信息告知 on the resident's signing page and copy: the one text in core/privacy-notice.ts, in large type.
import { View } from '@tarojs/components'
import { PRIVACY_NOTICE_TITLE, privacyNotice } from '@core/privacy-notice'
import './index.css'

export default function PrivacyNotice({ retentionDays }: { retentionDays: number }) {
  return (
    <View className='fz-card fz-privacy' id='privacy-notice'>
      <View className='fz-privacy__title'>{PRIVACY_NOTICE_TITLE}</View>
      {privacyNotice(retentionDays).map((item) => (
        <View key={item.key} className='fz-privacy__item' id={`privacy-${item.key}`}>
          <View className='fz-privacy__label'>{item.label}</View>
          <View className='fz-privacy__text'>{item.text}</View>
        </View>
      ))}
    </View>
  )
}
