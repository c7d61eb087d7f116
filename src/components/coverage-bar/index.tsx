// A plain CSS bar for a coverage percentage (no chart library).
import { View } from '@tarojs/components'
import './index.css'

export default function CoverageBar({ pct }: { pct: number }) {
  const width = Math.max(0, Math.min(100, pct))
  const tone = pct >= 80 ? 'good' : pct >= 40 ? 'mid' : 'low'
  return (
    <View className='fz-bar'>
      <View className={`fz-bar__fill fz-bar__fill--${tone}`} style={{ width: `${width}%` }} />
    </View>
  )
}
