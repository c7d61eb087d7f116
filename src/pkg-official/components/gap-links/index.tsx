// 缺口清单 card on the dashboard: three links into the gap lists page (从未走访 / 超过30天未走访 / 16–60岁未装全).
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { url } from '../../../pages/routes'
import { zhOfficial } from '../../../locales/official'
import './index.css'

const TABS = ['unvisited', 'stale', 'install_gap'] as const

export default function GapLinks({ areaId }: { areaId: string }) {
  return (
    <View className='fz-card' id='dash-gaps'>
      <View className='fz-gap-links__title'>{zhOfficial.gaps.title}</View>
      {TABS.map((t) => (
        <View key={t} id={`gap-link-${t}`} className='fz-row fz-gap-links__item' onClick={() => void Taro.navigateTo({ url: url.gaps(areaId, t) })}>
          <Text className='fz-grow'>{zhOfficial.gaps.tabs[t]}</Text>
          <Text className='fz-gap-links__chevron'>›</Text>
        </View>
      ))}
    </View>
  )
}
