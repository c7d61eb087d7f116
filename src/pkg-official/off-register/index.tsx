// 不在名册 of a village (or town, or the county): households and residents the last register import no longer lists
// but kept for their records; an official removes each from the register (移出名册) or keeps it (保留).
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { decideOffRegister, offRegisterList } from '@core/api/endpoints/off-register'
import { formatChinaTime } from '@core/china-time'
import type { OffRegisterDecision, OffRegisterItem } from '@core/schemas/off-register'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { zh } from '../../locales/zh-CN'
import { zhOffRegister as t } from '../../locales/off-register'
import '../components/household-list/index.css'

const PAGE_SIZE = 50

/** How an item is named in a confirmation: 2栋102 整户, or 2栋102 李明. */
const labelOf = (i: OffRegisterItem) => `${i.doorplate} ${i.residentName ?? `${t.household}（${t.head(i.headName)}）`}`

function Item({ i, busy, onDecide }: { i: OffRegisterItem; busy: boolean; onDecide: (i: OffRegisterItem, d: OffRegisterDecision) => void }) {
  return (
    <View id={`off-register-${i.id}`} className='fz-card fz-hl__row fz-hl__row--yellow'>
      <View className='fz-hl__door'>
        {i.doorplate} · {i.residentName ? `${t.resident} ${i.residentName}` : t.household}
      </View>
      <View className='fz-muted'>
        {i.gridName} · {t.head(i.headName)}
        {i.phone && ` · ${i.phone}`}
      </View>
      <View className='fz-muted'>{t.since(formatChinaTime(Date.parse(i.offRegisterAt)))}</View>
      <View className='fz-row'>
        <Btn id={`off-register-remove-${i.id}`} className='fz-btn--small' disabled={busy} onClick={() => onDecide(i, 'remove')}>
          {t.remove}
        </Btn>
        <Btn id={`off-register-keep-${i.id}`} className='fz-btn--small' disabled={busy} onClick={() => onDecide(i, 'keep')}>
          {t.keep}
        </Btn>
      </View>
    </View>
  )
}

export default function OffRegisterPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const list = useEndpoint(offRegisterList, user ? { query: { areaId, limit: PAGE_SIZE } } : null)
  const [busy, setBusy] = useState<string | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const areaName = list.data?.area.name ?? ''

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${t.title}` })
  }, [areaName])

  const onDecide = async (i: OffRegisterItem, decision: OffRegisterDecision) => {
    const what = labelOf(i)
    const { confirm } = await Taro.showModal({ title: decision === 'remove' ? t.remove : t.keep, content: decision === 'remove' ? t.removeConfirm(what) : t.keepConfirm(what) })
    if (!confirm) return
    setBusy(i.id)
    setError(null)
    try {
      await call(decideOffRegister, { params: { entity: i.entity, id: i.id }, body: { decision } })
      setNotice(decision === 'remove' ? t.removed(what) : t.kept(what))
      list.setData((prev) =>
        prev && {
          ...prev,
          items: prev.items.filter((x) => x.id !== i.id),
          total: { ...prev.total, [i.entity === 'household' ? 'households' : 'residents']: prev.total[i.entity === 'household' ? 'households' : 'residents'] - 1 },
        },
      )
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(null)
    }
  }

  if (!user) return <Placeholder />
  const data = list.data
  const next = data?.next ?? null
  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted' id='off-register-total'>
            {data ? t.total(data.total.households, data.total.residents) : t.title}
          </View>
        </View>
        <Btn id='off-register-refresh' className='fz-btn--small' disabled={list.loading} onClick={list.refresh}>
          {zh.common.refresh}
        </Btn>
      </View>
      <View className='fz-card fz-muted'>{t.intro}</View>
      {notice && (
        <View className='fz-card' id='off-register-notice'>
          {notice}
        </View>
      )}
      {(error ?? list.error) && (
        <View className='fz-card fz-error' id='off-register-error'>
          {error ?? list.error}
        </View>
      )}
      {!data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {data && data.items.length === 0 && <View className='fz-empty'>{t.empty}</View>}
      <View id='off-register-list'>{data?.items.map((i) => <Item key={`${i.entity}-${i.id}`} i={i} busy={busy !== null} onDecide={(x, d) => void onDecide(x, d)} />)}</View>
      {next && (
        <Btn
          id='off-register-more'
          className='fz-btn--block'
          disabled={list.loading}
          onClick={() => list.more({ query: { areaId, limit: PAGE_SIZE, after: next } }, (prev, page) => ({ ...page, items: [...prev.items, ...page.items] }))}
        >
          {t.more}
        </Btn>
      )}
    </View>
  )
}
