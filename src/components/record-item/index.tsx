// One outbox record as the worker sees it: what it is, time, delivery state and, when refused, the server's reason.
import { View, Text } from '@tarojs/components'
import { formatChinaTime } from '@core/china-time'
import { summariseRecord } from '@core/record-summary'
import type { OutboxItem } from '@core/sync/outbox'
import { zh } from '../../locales/zh-CN'
import './index.css'

export default function RecordItem({ item, title }: { item: OutboxItem; title?: string }) {
  const summary = summariseRecord(item.record)
  return (
    <View className='fz-card fz-record' id={`rec-${item.record.id}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-record__title'>{title ?? summary.label}</Text>
        <Text className={`fz-tag fz-tag--${item.state}`}>{zh.outbox.states[item.state]}</Text>
      </View>
      {title && <View>{summary.label}</View>}
      <View className='fz-muted'>
        {formatChinaTime(Date.parse(summary.at))} · {summary.detail}
      </View>
      {summary.notes ? <View className='fz-record__notes'>{summary.notes}</View> : null}
      {(item.state === 'rejected' || item.state === 'conflict') && (
        <View className='fz-error'>{item.message ?? item.code}</View>
      )}
      {item.warning ? <View className='fz-warn'>{item.warning}</View> : null}
    </View>
  )
}
