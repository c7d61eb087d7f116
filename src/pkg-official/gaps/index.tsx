// 缺口清单 of a village (or town): households never visited, households last visited more than 30 days ago, and
// residents aged 16–60 missing an install step; each item opens the household.
import { useCallback, useEffect, useRef, useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { chinaDaysBetween, formatChinaTime } from '@core/china-time'
import {
  AreaHouseholdsResponseSchema,
  AreaResidentsResponseSchema,
  STALE_DAYS,
  type GapResident,
  type HouseholdRow,
} from '@core/schemas/household-view'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useAuthStore } from '../../stores/auth'
import { callApi, messageOf } from '../../stores/api'
import { url, withQuery } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
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
        {tab === 'stale' && last !== null && <View className='fz-muted'>{zh.gaps.staleLine(formatChinaTime(last), chinaDaysBetween(last, Date.now()))}</View>}
      </View>
      {tab === 'unvisited' && h.lastOutcome === 'not_home' && <Text className='fz-tag fz-tag--not_home'>{zh.gaps.attempted}</Text>}
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

function ResidentItem({ r }: { r: GapResident }) {
  return (
    <View id={`gap-res-${r.residentId}`} className='fz-card fz-row fz-hl__row fz-hl__row--yellow' onClick={() => open(r.householdId)}>
      <View className='fz-grow'>
        <View className='fz-hl__door'>
          {r.name} <Text className='fz-muted'>{zh.gaps.age(r.age)}</Text>
        </View>
        <View className='fz-muted'>
          {r.doorplate} · {r.gridName}
        </View>
        <View className='fz-hl__tags'>
          {r.missing.map((s) => (
            <Text key={s} className='fz-tag fz-tag--pending fz-hl__tag'>
              {zh.drill.stepMissing[s]}
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
  const [counts, setCounts] = useState<Partial<Record<Tab, number>>>({})
  const [list, setList] = useState<Items | null>(null)
  const [areaName, setAreaName] = useState('')
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const seq = useRef(0)

  const fetchHouseholds = useCallback(
    async (filter: 'unvisited' | 'stale', limit: number, offset: number) => {
      const page = await callApi(AreaHouseholdsResponseSchema, {
        method: 'GET',
        path: withQuery(`/api/v1/areas/${encodeURIComponent(areaId)}/households`, { filter, limit, offset, days: STALE_DAYS }),
        token: useAuthStore.getState().token,
      })
      setCounts((c) => ({ ...c, unvisited: page.counts.unvisited, stale: page.counts.stale }))
      setAreaName(page.area.name)
      return page
    },
    [areaId],
  )

  const fetchResidents = useCallback(
    async (limit: number, offset: number) => {
      const page = await callApi(AreaResidentsResponseSchema, {
        method: 'GET',
        path: withQuery(`/api/v1/areas/${encodeURIComponent(areaId)}/residents`, { filter: 'install_gap', limit, offset }),
        token: useAuthStore.getState().token,
      })
      setCounts((c) => ({ ...c, install_gap: page.total }))
      setAreaName(page.area.name)
      return page
    },
    [areaId],
  )

  const load = useCallback(
    async (t: Tab, offset: number) => {
      const mine = ++seq.current
      setLoading(true)
      setError(null)
      try {
        if (t === 'install_gap') {
          const page = await fetchResidents(PAGE_SIZE, offset)
          if (mine !== seq.current) return
          setList((prev) => ({ kind: 'residents', items: offset > 0 && prev?.kind === 'residents' ? [...prev.items, ...page.items] : page.items }))
        } else {
          const page = await fetchHouseholds(t, PAGE_SIZE, offset)
          if (mine !== seq.current) return
          setList((prev) => ({ kind: 'households', items: offset > 0 && prev?.kind === 'households' ? [...prev.items, ...page.items] : page.items }))
        }
      } catch (err) {
        if (mine === seq.current) setError(messageOf(err))
      } finally {
        if (mine === seq.current) setLoading(false)
      }
    },
    [fetchHouseholds, fetchResidents],
  )

  useEffect(() => {
    if (user) void load(tab, 0)
  }, [user, load, tab])

  // The other kind of list than the first tab's, once, only for its count on the tab.
  const firstTab = useRef(tab)
  useEffect(() => {
    if (!user) return
    const other = firstTab.current === 'install_gap' ? fetchHouseholds('unvisited', 1, 0) : fetchResidents(1, 0)
    other.catch(() => undefined)
  }, [user, fetchHouseholds, fetchResidents])

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${zh.gaps.title}` })
  }, [areaName])

  if (!user) return <Placeholder />
  const total = counts[tab] ?? 0
  const shown = list?.items.length ?? 0

  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted'>{zh.gaps.title}</View>
        </View>
        <Btn id='gaps-refresh' className='fz-btn--small' disabled={loading} onClick={() => void load(tab, 0)}>
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
              if (t === tab) return
              setList(null)
              setTab(t)
            }}
          >
            <View>{zh.gaps.tabs[t]}</View>
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
      {list && list.items.length === 0 && <View className='fz-empty'>{zh.gaps.empty}</View>}
      <View id={`gaps-list-${tab}`}>
        {list?.kind === 'households' && list.items.map((h) => <HouseholdItem key={h.id} h={h} tab={tab} />)}
        {list?.kind === 'residents' && list.items.map((r) => <ResidentItem key={r.residentId} r={r} />)}
      </View>
      {list && total > shown && (
        <Btn id='gaps-more' className='fz-btn--block' disabled={loading} onClick={() => void load(tab, shown)}>
          {zh.gaps.more(total - shown)}
        </Btn>
      )}
    </View>
  )
}
