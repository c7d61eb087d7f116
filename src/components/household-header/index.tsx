// The card at the top of every page about one household: doorplate and 户主.
import { View } from '@tarojs/components'
import type { Household } from '@core/schemas/sync'
import { zh } from '../../locales/zh-CN'

export default function HouseholdHeader({ household, headClassName = 'fz-muted' }: { household: Pick<Household, 'doorplate' | 'headName'>; headClassName?: string }) {
  return (
    <View className='fz-card'>
      <View className='fz-title'>{household.doorplate}</View>
      <View className={headClassName}>
        {zh.household.head}：{household.headName}
      </View>
    </View>
  )
}
