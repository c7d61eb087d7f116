// The worker's grid: sync status, search, and every household with its visit status (offline visits included).
import { useMemo, useState } from 'react'
import { View, Text, Input, Picker } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { indexHouseholds, searchHouseholds } from '@core/household-search'
import { ROLE_LABEL } from '@core/roles-and-areas'
import Btn from '../../components/btn'
import LogoutButton from '../../components/logout-button'
import Placeholder from '../../components/placeholder'
import SyncBadge from '../../components/sync-badge'
import { TypeLevelPicker, withTypeScale } from '../../components/type-scale'
import { useFirstScreen } from '../../components/use-first-screen'
import { useNow } from '../../components/use-now'
import { useWorker } from '../../components/use-session'
import { buildingsOf, filterRows, householdRows, type VisitFilter } from '../../stores/household-view'
import { allResidents, useSyncStore } from '../../stores/sync'
import { fieldId } from '../../platform/field-id'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

const PAGE = 100
const VISIT_FILTERS: VisitFilter[] = ['all', 'todo', 'done']

function HomePage() {
  const user = useWorker()
  const { households, items, loaded } = useSyncStore()
  const [query, setQuery] = useState('')
  const [shown, setShown] = useState(PAGE)
  const [visitFilter, setVisitFilter] = useState<VisitFilter>('all')
  const [building, setBuilding] = useState<string | null>(null)
  const [shownAt, setShownAt] = useState(Date.now)
  const tick = useNow(60_000)
  // Back from the visit form or from the background: "今天走访" and the counts must be current.
  useDidShow(() => setShownAt(Date.now()))
  const now = Math.max(tick, shownAt)

  const rows = useMemo(() => householdRows(households, items, now), [households, items, now])
  // Residents change only with a pull, which also replaces `households`.
  const index = useMemo(() => indexHouseholds(households, allResidents()), [households])
  const buildings = useMemo(() => buildingsOf(rows), [rows])
  const filtered = useMemo(() => filterRows(rows, visitFilter, building), [rows, visitFilter, building])
  const visible = useMemo(() => searchHouseholds(filtered, (r) => r.household.id, index, query), [filtered, index, query])
  const todo = rows.filter((r) => !r.summary.covered).length
  const firstScreen = useFirstScreen(visible.length > 0)
  const rendered = Math.min(shown, firstScreen)
  // 楼栋 in a community, 组 in a village: what the doorplates name.
  const unitWord = buildings.length > 0 && buildings.every((b) => b.endsWith('组')) ? zh.home.group : zh.home.building
  const pickVisit = (f: VisitFilter) => {
    setVisitFilter(f)
    setShown(PAGE)
  }

  if (!user) return <Placeholder />
  return (
    <View className='fz-page'>
      <View className='fz-home__header'>
        <Text className='fz-title'>{user.areaName}</Text>
        <Text className='fz-muted fz-home__who'>
          {user.name} · {ROLE_LABEL[user.role]}
        </Text>
      </View>
      <SyncBadge />
      <Input
        {...fieldId('hh-search')}
        className='fz-input'
        type='text'
        value={query}
        placeholder={zh.home.searchPlaceholder}
        onInput={(e) => {
          setQuery(e.detail.value)
          setShown(PAGE)
        }}
      />
      <View className='fz-row fz-home__counts'>
        <Text className='fz-grow' id='hh-counts'>
          {zh.home.counts(todo, rows.length)}
        </Text>
        <View id='hh-add' className='fz-link fz-home__add' onClick={() => void Taro.navigateTo({ url: url.roster('household') })}>
          {zh.home.addHousehold}
        </View>
        <View className='fz-link' onClick={() => void Taro.navigateTo({ url: url.outbox() })}>
          {zh.home.outbox} ›
        </View>
      </View>
      <View className='fz-row fz-home__filters'>
        {VISIT_FILTERS.map((f) => (
          <Btn
            key={f}
            id={`hh-filter-${f}`}
            className={`fz-btn--small fz-home__filter ${visitFilter === f ? 'fz-btn--primary' : 'fz-btn--plain'}`}
            onClick={() => pickVisit(f)}
          >
            {zh.home.filters[f]}
          </Btn>
        ))}
        {buildings.length > 1 && (
          <Picker
            mode='selector'
            range={[zh.home.allBuildings(unitWord), ...buildings]}
            value={building ? buildings.indexOf(building) + 1 : 0}
            onChange={(e) => {
              const i = Number(e.detail.value)
              setBuilding(i > 0 ? buildings[i - 1] : null)
              setShown(PAGE)
            }}
          >
            <View id='hh-building' className={`fz-btn fz-btn--small fz-home__filter ${building ? 'fz-btn--primary' : 'fz-btn--plain'}`}>
              {building ?? zh.home.allBuildings(unitWord)} ▾
            </View>
          </Picker>
        )}
      </View>
      {loaded && rows.length === 0 && <View className='fz-empty'>{zh.home.empty}</View>}
      {rows.length > 0 && visible.length === 0 && <View className='fz-empty' id='hh-no-match'>{zh.home.noMatch}</View>}
      {visible.slice(0, rendered).map(({ household: h, status }) => (
        <View
          key={h.id}
          id={`hh-${h.id}`}
          className='fz-card fz-row fz-home__item'
          onClick={() => void Taro.navigateTo({ url: url.household(h.id) })}
        >
          <View className='fz-grow'>
            <View className='fz-home__doorplate'>{h.doorplate}</View>
            <View className='fz-muted'>
              {zh.home.head}：{h.headName}
            </View>
          </View>
          <Text className={`fz-tag fz-tag--${status.kind}`}>{status.label}</Text>
        </View>
      ))}
      {visible.length > shown && (
        <Btn className='fz-btn--block fz-btn--plain' onClick={() => setShown(shown + PAGE)}>
          {zh.home.more(visible.length - shown)}
        </Btn>
      )}
      <View className='fz-home__footer'>
        <View id='open-feedback' className='fz-link fz-home__feedback' onClick={() => void Taro.navigateTo({ url: url.feedback() })}>
          {zh.feedbackEntry} ›
        </View>
        <TypeLevelPicker />
        <LogoutButton />
      </View>
    </View>
  )
}

export default withTypeScale(HomePage)
