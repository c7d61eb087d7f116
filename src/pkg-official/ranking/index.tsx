// 排名通报: the stored weekly ranking of a town's villages (or the county's towns), week by week, the bottom two
// highlighted, each row opening that area's dashboard; 下载排名表 saves the printable .xlsx.
import { useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { chinaWeekStart } from '@core/china-time'
import { bottomAreaIds, chinaDate, chinaDateStart } from '@core/targets'
import type { RankingRow } from '@core/schemas/targets'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { download } from '../../stores/api'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { zhSpotChecks } from '../../locales/spot-checks'
import './index.css'

const DAY = 86_400_000
const shift = (week: string, days: number) => chinaDate(chinaDateStart(week) + days * DAY)

function Change({ change }: { change: RankingRow['change'] }) {
  if (change.rank === null || change.score === null) return <Text className='fz-muted'>{zhOfficial.ranking.fresh}</Text>
  const dir = change.rank > 0 ? 'up' : change.rank < 0 ? 'down' : 'same'
  const label = dir === 'up' ? zhOfficial.ranking.up(change.rank) : dir === 'down' ? zhOfficial.ranking.down(-change.rank) : zhOfficial.ranking.same
  return (
    <View className={`fz-rank__change fz-rank__change--${dir}`}>
      <View>{label}</View>
      <View className='fz-rank__delta'>{zhOfficial.ranking.scoreChange(change.score)}</View>
    </View>
  )
}

export default function RankingPage() {
  const user = useOfficial()
  const params = useRouter().params
  const areaId = params.areaId
  const areaName = params.name ? decodeURIComponent(params.name) : undefined
  /** The Monday asked for; undefined: the latest stored ranking. */
  const [week, setWeek] = useState<string | undefined>(undefined)
  const [busy, setBusy] = useState(false)
  // The week on screen stays while another loads; a week that cannot be shown leaves only the error.
  const ranking = useEndpoint(API.ranking, user ? { query: { areaId, week } } : null, { keep: true })
  const { loading, error } = ranking
  const data = error ? null : ranking.data

  if (!user) return <Placeholder />
  // The latest week that can have a ranking: the one that ended last Sunday.
  const latest = chinaDate(chinaWeekStart(Date.now()) - 7 * DAY)
  const shown = data?.weekStart ?? week ?? latest
  const bottom = data ? bottomAreaIds(data.rows) : new Set<string>()

  const downloadXlsx = async () => {
    if (!data) return
    setBusy(true)
    const range = `${data.weekStart.replace(/-/g, '')}-${shift(data.weekStart, 6).replace(/-/g, '')}`
    const ok = await download(
      API.rankingXlsx,
      { query: { areaId: data.areaId, week: data.weekStart } },
      `排名通报_${areaName ?? user.areaName}_${range}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_'),
    ).catch(() => false)
    setBusy(false)
    if (!ok) void Taro.showToast({ title: zhOfficial.ranking.downloadFailed, icon: 'none' })
  }

  return (
    <View className='fz-page'>
      <View className='fz-title'>
        {areaName ?? user.areaName} · {zhOfficial.ranking.title}
      </View>
      <View className='fz-row fz-rank__weeks'>
        <Btn id='rank-prev' className='fz-btn--small' disabled={loading} onClick={() => setWeek(shift(shown, -7))}>
          {zhOfficial.ranking.prevWeek}
        </Btn>
        <Text className='fz-grow fz-rank__week' id='rank-week'>
          {zhOfficial.ranking.week(shown, shift(shown, 6))}
        </Text>
        <Btn id='rank-next' className='fz-btn--small' disabled={loading || shown >= latest} onClick={() => setWeek(shift(shown, 7))}>
          {zhOfficial.ranking.nextWeek}
        </Btn>
      </View>

      {error && (
        <View className='fz-card fz-error' id='rank-error'>
          {error}
        </View>
      )}
      {!data && loading && <View className='fz-empty'>{zh.common.loading}</View>}

      {data && (
        <View id='rank-table'>
          {data.rows.length === 0 && <View className='fz-muted'>{zhOfficial.ranking.empty}</View>}
          {data.rows.map((r) => (
            <View
              key={r.areaId}
              id={`rank-row-${r.areaId}`}
              className={`fz-card fz-row fz-rank__row${bottom.has(r.areaId) ? ' fz-rank__row--bottom' : ''}`}
              onClick={() => void Taro.navigateTo({ url: url.dashboard(r.areaId) })}
            >
              <Text className='fz-rank__no'>{r.rank}</Text>
              <View className='fz-grow'>
                <View className='fz-rank__name'>{r.name}</View>
                <View className='fz-muted'>
                  {zhOfficial.ranking.score} {r.score.toFixed(1)}
                  {bottom.has(r.areaId) && <Text className='fz-rank__flag'> · {zhOfficial.ranking.bottom}</Text>}
                </View>
                {r.spotCheck && (
                  <View id={`rank-spot-${r.areaId}`} className={r.spotCheck.marked ? 'fz-rank__flag' : 'fz-muted'}>
                    {zhSpotChecks.rankingMark(r.spotCheck.discrepancyPct, r.spotCheck.marked)}
                  </View>
                )}
              </View>
              <Change change={r.change} />
              <Text className='fz-dash__chevron'>›</Text>
            </View>
          ))}
          <View className='fz-muted fz-rank__note'>{zhOfficial.ranking.note}</View>
          <Btn id='download-ranking' className='fz-rank__download' disabled={busy} onClick={() => void downloadXlsx()}>
            {zhOfficial.ranking.download}
          </Btn>
        </View>
      )}
    </View>
  )
}
