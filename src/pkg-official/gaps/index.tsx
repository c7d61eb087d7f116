// 缺口清单 of a village (or town): households never visited, households last visited more than 30 days ago, and
// residents aged 16–60 missing an install step; each item opens the household.
import { useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { chinaDaysBetween, formatChinaTime } from '@core/china-time'
import { STALE_DAYS, type GapResident, type HouseholdRow } from '@core/schemas/household-view'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import '../components/household-list/index.css'

const PAGE_SIZE = 50
const TABS = ['unvisited', 'stale', 'install_gap'] as const
type Tab = (typeof TABS)[number]

type Items = { kind: 'households'; items: HouseholdRow[] } | { kind: 'residents'; items: GapResident[] }

const open = (householdId: string) => void Taro.navigateTo({ url: url.officialHousehold(householdId) })

const TAB_FLAG = { unvisited: 'red', stale: 'orange', install_gap: 'yellow' } as const

function HouseholdItem({ h, tab }: { h: HouseholdRow; tab: Tab }) {
  const last = h.lastVisitAt ? Date.parse(h.lastVisitAt) : null
  return (
    <View id={`gap-hh-${h.id}`} className={`fz-card fz-row fz-hl__row fz-hl__row--${TAB_FLAG[tab]}`} onClick={() => open(h.id)}>
      <View className='fz-grow'>
        <View className='fz-hl__door'>{h.doorplate}</View>
        <View className='fz-muted'>
          {zh.household.head}：{h.headName} · {h.gridName}
        </View>
        {tab === 'stale' && last !== null && <View className='fz-muted'>{zhOfficial.gaps.staleLine(formatChinaTime(last), chinaDaysBetween(last, Date.now()))}</View>}
      </View>
      {tab === 'unvisited' && h.lastOutcome === 'not_home' && <Text className='fz-tag fz-tag--not_home'>{zhOfficial.gaps.attempted}</Text>}
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

function ResidentItem({ r }: { r: GapResident }) {
  return (
    <View id={`gap-res-${r.residentId}`} className='fz-card fz-row fz-hl__row fz-hl__row--yellow' onClick={() => open(r.householdId)}>
      <View className='fz-grow'>
        <View className='fz-hl__door'>
          {r.name} <Text className='fz-muted'>{zhOfficial.gaps.age(r.age)}</Text>
        </View>
        <View className='fz-muted'>
          {r.doorplate} · {r.gridName}
        </View>
        <View className='fz-hl__tags'>
          {r.missing.map((s) => (
            <Text key={s} className='fz-tag fz-tag--pending fz-hl__tag'>
              {zhOfficial.drill.stepMissing[s]}
            </Text>
          ))}
        </View>
      </View>
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

export default function GapsPage() {
  const user = useOfficial()
  const params = useRouter().params
  const areaId = params.areaId ?? ''
  const [tab, setTab] = useState<Tab>((TABS as readonly string[]).includes(params.tab ?? '') ? (params.tab as Tab) : 'unvisited')
  const onResidents = tab === 'install_gap'
  const households = (filter: 'unvisited' | 'stale', limit: number, offset: number) => ({
    params: { areaId },
    query: { filter, limit, offset, days: STALE_DAYS },
  })
  const residents = (limit: number, offset: number) => ({ params: { areaId }, query: { filter: 'install_gap' as const, limit, offset } })
  const hh = useEndpoint(API.areaHouseholds, user && !onResidents ? households(tab, PAGE_SIZE, 0) : null)
  const res = useEndpoint(API.areaResidents, user && onResidents ? residents(PAGE_SIZE, 0) : null)
  // The other kind of list than the first tab's, once, only for its count on the tab.
  const firstTab = useRef(tab).current
  const hhCount = useEndpoint(API.areaHouseholds, user && firstTab === 'install_gap' ? households('unvisited', 1, 0) : null)
  const resCount = useEndpoint(API.areaResidents, user && firstTab !== 'install_gap' ? residents(1, 0) : null)

  // Each tab's count as last heard, so it stays on its tab while another list loads.
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({})
  const hhCounts = (hh.data ?? hhCount.data)?.counts
  const resTotal = (res.data ?? resCount.data)?.total
  useEffect(() => {
    if (hhCounts) setCounts((c) => ({ ...c, unvisited: hhCounts.unvisited, stale: hhCounts.stale }))
  }, [hhCounts])
  useEffect(() => {
    if (resTotal !== undefined) setCounts((c) => ({ ...c, install_gap: resTotal }))
  }, [resTotal])

  const shown = onResidents ? res : hh
  const { loading, error, refresh } = shown
  const list: Items | null = onResidents
    ? res.data && { kind: 'residents', items: res.data.items }
    : hh.data && { kind: 'households', items: hh.data.items }
  const areaName = (hh.data ?? res.data ?? hhCount.data ?? resCount.data)?.area.name ?? ''

  const loadMore = (offset: number) => {
    if (onResidents) res.more(residents(PAGE_SIZE, offset), (prev, page) => ({ ...page, items: [...prev.items, ...page.items] }))
    else hh.more(households(tab, PAGE_SIZE, offset), (prev, page) => ({ ...page, items: [...prev.items, ...page.items] }))
  }

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${zhOfficial.gaps.title}` })
  }, [areaName])

  if (!user) return <Placeholder />
  const total = counts[tab] ?? 0
  const count = list?.items.length ?? 0

  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted'>{zhOfficial.gaps.title}</View>
        </View>
        <Btn id='gaps-refresh' className='fz-btn--small' disabled={loading} onClick={refresh}>
          {zh.common.refresh}
        </Btn>
      </View>
      <View className='fz-hl__tabs'>
        {TABS.map((t) => (
          <View
            key={t}
            id={`gaps-tab-${t}`}
            className={`fz-hl__tab ${t === tab ? 'fz-hl__tab--on' : ''}`}
            onClick={() => {
              if (t !== tab) setTab(t)
            }}
          >
            <View>{zhOfficial.gaps.tabs[t]}</View>
            <View className='fz-hl__count'>{counts[t] ?? '–'}</View>
          </View>
        ))}
      </View>

      {error && (
        <View className='fz-card fz-error' id='gaps-error'>
          {error}
        </View>
      )}
      {!list && loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {list && list.items.length === 0 && <View className='fz-empty'>{zhOfficial.gaps.empty}</View>}
      <View id={`gaps-list-${tab}`}>
        {list?.kind === 'households' && list.items.map((h) => <HouseholdItem key={h.id} h={h} tab={tab} />)}
        {list?.kind === 'residents' && list.items.map((r) => <ResidentItem key={r.residentId} r={r} />)}
      </View>
      {list && total > count && (
        <Btn id='gaps-more' className='fz-btn--block' disabled={loading} onClick={() => loadMore(count)}>
          {zhOfficial.gaps.more(total - count)}
        </Btn>
      )}
    </View>
  )
}
