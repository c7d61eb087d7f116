// One grid's (or village's) households for a village head or town official: filter tabs with counts, each row
// coloured by what it still needs, a tap opens the household.
import { useEffect, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { formatChinaTime } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import { API } from '@core/api'
import { HOUSEHOLD_FILTERS, type HouseholdFilter, type HouseholdRow } from '@core/schemas/household-view'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import '../components/household-list/index.css'
import './index.css'

const PAGE_SIZE = 100
/** 超过30天未走访 (stale) has its own list on the 缺口清单 page; five tabs would not fit a 360px screen. */
const TABS = HOUSEHOLD_FILTERS.filter((f) => f !== 'stale')

/** never → not_home → no pledge / install gap → done: the row's colour. */
function rowTone(h: HouseholdRow): 'never' | 'not_home' | 'gap' | 'ok' {
  if (!h.visited) return h.lastOutcome === 'not_home' ? 'not_home' : 'never'
  return h.pledgeCount === 0 || h.missingInstallSteps > 0 ? 'gap' : 'ok'
}

const TONE_FLAG = { never: 'red', not_home: 'orange', gap: 'yellow', ok: 'green' } as const

function HouseholdItem({ h }: { h: HouseholdRow }) {
  const tone = rowTone(h)
  return (
    <View
      id={`ghh-${h.id}`}
      className={`fz-card fz-hl__row fz-hl__row--${TONE_FLAG[tone]}`}
      onClick={() => void Taro.navigateTo({ url: url.officialHousehold(h.id) })}
    >
      <View className='fz-row'>
        <View className='fz-grow'>
          <View className='fz-hl__door'>{h.doorplate}</View>
          <View className='fz-muted'>
            {zh.household.head}：{h.headName}
          </View>
        </View>
        <Text className='fz-hl__chevron'>›</Text>
      </View>
      <View className='fz-hl__tags'>
        <Text className={`fz-tag fz-hl__tag fz-tag--${h.visited ? 'visited' : tone === 'not_home' ? 'not_home' : 'never'}`}>
          {h.visited ? zhOfficial.drill.visited : tone === 'not_home' ? zhOfficial.drill.notHome : zhOfficial.drill.never}
        </Text>
        <Text className={`fz-tag fz-hl__tag fz-tag--${h.pledgeCount > 0 ? 'visited' : 'pending'}`}>
          {h.pledgeCount > 0 ? zhOfficial.drill.pledged(h.pledgeCount) : zhOfficial.drill.noPledge}
        </Text>
        {h.targetResidents === 0 ? (
          <Text className='fz-tag fz-hl__tag fz-grid__tag--none'>{zhOfficial.drill.noTarget}</Text>
        ) : (
          <Text className={`fz-tag fz-hl__tag fz-tag--${h.missingInstallSteps > 0 ? 'pending' : 'visited'}`}>
            {h.missingInstallSteps > 0 ? zhOfficial.drill.installGap(h.missingInstallSteps, h.targetResidents) : zhOfficial.drill.installDone(h.targetResidents)}
          </Text>
        )}
      </View>
      {h.lastVisitAt && (
        <View className='fz-muted fz-grid__line'>
          {zhOfficial.drill.lastVisit(formatChinaTime(Date.parse(h.lastVisitAt)))}
          {h.lastOutcome ? ` · ${OUTCOME_LABEL[h.lastOutcome]}` : ''}
        </View>
      )}
    </View>
  )
}

export default function GridPage() {
  const user = useOfficial()
  const params = useRouter().params
  const areaId = params.areaId ?? ''
  const initial = (TABS as readonly string[]).includes(params.filter ?? '') ? (params.filter as HouseholdFilter) : 'all'
  const [filter, setFilter] = useState<HouseholdFilter>(initial)
  const { data, loading, error, refresh, more } = useEndpoint(
    API.areaHouseholds,
    user ? { params: { areaId }, query: { filter, limit: PAGE_SIZE, offset: 0 } } : null,
  )
  const areaName = data?.area.name

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: areaName })
  }, [areaName])

  const loadMore = () =>
    more({ params: { areaId }, query: { filter, limit: PAGE_SIZE, offset: data?.items.length ?? 0 } }, (prev, page) => ({
      ...page,
      items: [...prev.items, ...page.items],
    }))

  if (!user) return <Placeholder />
  const left = data ? data.total - data.items.length : 0

  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{data?.area.name ?? ''}</View>
          <View className='fz-muted'>{zhOfficial.dashboard.title}</View>
        </View>
        <Btn id='grid-refresh' className='fz-btn--small' disabled={loading} onClick={refresh}>
          {zh.common.refresh}
        </Btn>
      </View>

      <View className='fz-hl__tabs'>
        {TABS.map((f) => (
          <View
            key={f}
            id={`gtab-${f}`}
            className={`fz-hl__tab ${f === filter ? 'fz-hl__tab--on' : ''}`}
            onClick={() => {
              if (f !== filter) setFilter(f)
            }}
          >
            <View>{zhOfficial.drill.filters[f]}</View>
            <View className='fz-hl__count'>{data ? data.counts[f] : '–'}</View>
          </View>
        ))}
      </View>

      {error && (
        <View className='fz-card fz-error' id='grid-error'>
          {error}
        </View>
      )}
      {!data && loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {data && data.items.length === 0 && <View className='fz-empty'>{zhOfficial.drill.empty}</View>}
      {data?.items.map((h) => <HouseholdItem key={h.id} h={h} />)}
      {left > 0 && (
        <Btn id='grid-more' className='fz-btn--block' disabled={loading} onClick={loadMore}>
          {zhOfficial.drill.more(left)}
        </Btn>
      )}
    </View>
  )
}
