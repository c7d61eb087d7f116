// The household page's 承诺书 block: how many signers the server has counted, this phone's pledges for the household
// (tap one to show its 居民留存联 again), and the two ways to sign: on this phone or on the resident's own phone.
import { useEffect, useMemo } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatChinaTime } from '@core/china-time'
import { verificationCode } from '@core/hash'
import type { Household } from '@core/schemas/sync'
import Btn from '../btn'
import { prefetchLinkKey } from '../../stores/link-key'
import { localPledges } from '../../stores/pledge-view'
import { useSyncStore } from '../../stores/sync'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

export default function PledgeSection({ household }: { household: Household }) {
  const items = useSyncStore((s) => s.items)
  const mine = useMemo(() => localPledges(items, household.id), [items, household.id])
  const counted = household.stats.pledgeCount

  // First need of the link key is here, often with signal; 居民扫码签署 may later be used without any.
  useEffect(() => prefetchLinkKey(), [])

  return (
    <View>
      <View className='fz-section-title'>{zh.pledge.section}</View>
      <View className='fz-card fz-pledges' id='pledge-section'>
        <View className='fz-pledges__count' id='pledge-count'>
          {counted > 0 ? zh.pledge.serverCount(counted) : zh.pledge.serverNone}
        </View>
        {mine.map(({ record, state, message, code }) => (
          <View
            key={record.id}
            id={`pledge-${record.id}`}
            className='fz-pledges__item'
            onClick={() => void Taro.navigateTo({ url: url.pledgeSign(household.id, record.id) })}
          >
            <View className='fz-row'>
              <Text className='fz-grow fz-pledges__name'>{zh.pledge.signedBy(record.body.signerName)}</Text>
              <Text className={`fz-tag fz-tag--${state}`}>{zh.outbox.states[state]}</Text>
            </View>
            <View className='fz-muted'>
              {formatChinaTime(Date.parse(record.body.signedAt))} · {zh.pledge.copy.code} {verificationCode(record.id)}
            </View>
            {(state === 'rejected' || state === 'conflict') && <View className='fz-error'>{message ?? code}</View>}
            <View className='fz-link'>{zh.pledge.viewCopy}</View>
          </View>
        ))}
        <View className='fz-row fz-pledges__actions'>
          <Btn
            id='pledge-on-device'
            className='fz-btn--primary fz-pledges__btn'
            onClick={() => void Taro.navigateTo({ url: url.pledgeSign(household.id) })}
          >
            {zh.pledge.onDevice}
          </Btn>
          <Btn id='pledge-by-link' className='fz-pledges__btn' onClick={() => void Taro.navigateTo({ url: url.pledgeLink(household.id) })}>
            {zh.pledge.byLink}
          </Btn>
        </View>
      </View>
    </View>
  )
}
