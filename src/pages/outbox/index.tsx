// Everything still on this phone: waiting, sent, refused or conflicting. Refused records are never dropped silently.
import { useMemo } from 'react'
import { View } from '@tarojs/components'
import Placeholder from '../../components/placeholder'
import RecordItem from '../../components/record-item'
import { useWorker } from '../../components/use-session'
import { withTypeScale } from '../../components/type-scale'
import { useSyncStore } from '../../stores/sync'
import { zh } from '../../locales/zh-CN'

function OutboxPage() {
  const user = useWorker()
  const { items, households } = useSyncStore()
  const names = useMemo(() => new Map(households.map((h) => [h.id, `${h.doorplate} ${h.headName}`])), [households])
  // Newest first; items come sorted by UUIDv7 id, i.e. creation order.
  const list = useMemo(() => [...items].reverse(), [items])

  if (!user) return <Placeholder />
  return (
    <View className='fz-page'>
      {list.length === 0 && <View className='fz-empty'>{zh.outbox.empty}</View>}
      {list.map((item) => (
        <RecordItem
          key={item.record.id}
          item={item}
          title={names.get(item.record.householdId) ?? `${item.record.householdId}${zh.outbox.unknownHousehold}`}
        />
      ))}
      <View className='fz-muted'>{zh.outbox.hint}</View>
    </View>
  )
}

export default withTypeScale(OutboxPage)
