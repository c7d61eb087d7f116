// The pledge as the resident reads it before signing: large type and generous line spacing for elderly readers.
import { View } from '@tarojs/components'
import './index.css'

export default function PledgeText({ title, content }: { title: string; content: string }) {
  return (
    <View className='fz-card fz-pledge'>
      <View className='fz-pledge__title'>{title}</View>
      <View className='fz-pledge__text' id='pledge-text'>
        {content}
      </View>
    </View>
  )
}
