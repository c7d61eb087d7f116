// What a page shows while it waits for data or redirects: never a blank screen.
import { View } from '@tarojs/components'
import { zh } from '../../locales/zh-CN'

export default function Placeholder({ text = zh.common.loading }: { text?: string }) {
  return <View className='fz-page fz-empty'>{text}</View>
}
