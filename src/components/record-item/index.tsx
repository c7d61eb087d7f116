// One outbox record as the worker sees it: outcome, time, delivery state and, when refused, the server's reason.
import { View, Text } from '@tarojs/components'
import { formatChinaTime } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import type { OutboxItem } from '@core/sync/outbox'
import { zh } from '../../locales/zh-CN'
import './index.css'

export default function RecordItem({ item, title }: { item: OutboxItem; title?: string }) {
  const { record } = item
  return (
    <View className='fz-card fz-record' id={`rec-${record.id}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-record__title'>{title ?? OUTCOME_LABEL[record.body.outcome]}</Text>
        <Text className={`fz-tag fz-tag--${item.state}`}>{zh.outbox.states[item.state]}</Text>
      </View>
      {title && <View>{OUTCOME_LABEL[record.body.outcome]}</View>}
      <View className='fz-muted'>
        {formatChinaTime(Date.parse(record.body.visitedAt))} · {zh.visit.peopleMet} {record.body.peopleMet}
      </View>
      {record.body.notes ? <View className='fz-record__notes'>{record.body.notes}</View> : null}
      {(item.state === 'rejected' || item.state === 'conflict') && (
        <View className='fz-error'>{item.message ?? item.code}</View>
      )}
      {item.warning ? <View className='fz-warn'>{item.warning}</View> : null}
    </View>
  )
}
