// 排名通报: the stored weekly ranking of a town's villages (or the county's towns), week by week, the bottom two
// highlighted, each row opening that area's dashboard; 下载排名表 saves the printable .xlsx.
import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { chinaWeekStart } from '@core/china-time'
import { bottomAreaIds, chinaDate, chinaDateStart } from '@core/targets'
import { RankingResponseSchema, type RankingResponse, type RankingRow } from '@core/schemas/targets'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useAuthStore } from '../../stores/auth'
import { ApiError, callApi, messageOf } from '../../stores/api'
import { MIME, downloadFile } from '../../platform/download-file'
import { url, withQuery } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

const DAY = 86_400_000
const shift = (week: string, days: number) => chinaDate(chinaDateStart(week) + days * DAY)

function Change({ change }: { change: RankingRow['change'] }) {
  if (change.rank === null || change.score === null) return <Text className='fz-muted'>{zh.ranking.fresh}</Text>
  const dir = change.rank > 0 ? 'up' : change.rank < 0 ? 'down' : 'same'
  const label = dir === 'up' ? zh.ranking.up(change.rank) : dir === 'down' ? zh.ranking.down(-change.rank) : zh.ranking.same
  return (
    <View className={`fz-rank__change fz-rank__change--${dir}`}>
      <View>{label}</View>
      <View className='fz-rank__delta'>{zh.ranking.scoreChange(change.score)}</View>
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
  const [data, setData] = useState<RankingResponse | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState(false)
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  const load = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const res = await callApi(RankingResponseSchema, {
        method: 'GET',
        path: withQuery('/api/v1/rankings', { areaId, week }),
        token: useAuthStore.getState().token,
      })
      if (mine !== seq.current) return
      setData(res)
    } catch (err) {
      if (mine !== seq.current) return
      setData(null)
      setError(err instanceof ApiError ? err : new ApiError('CLIENT_ERROR', messageOf(err), 0))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [areaId, week])

  useEffect(() => {
    if (user) void load()
  }, [user, load])

  if (!user) return <Placeholder />
  // The latest week that can have a ranking: the one that ended last Sunday.
  const latest = chinaDate(chinaWeekStart(Date.now()) - 7 * DAY)
  const shown = data?.weekStart ?? week ?? latest
  const bottom = data ? bottomAreaIds(data.rows) : new Set<string>()

  const download = async () => {
    if (!data) return
    const token = useAuthStore.getState().token
    setBusy(true)
    const range = `${data.weekStart.replace(/-/g, '')}-${shift(data.weekStart, 6).replace(/-/g, '')}`
    const ok = token
      ? await downloadFile(
          withQuery('/api/v1/rankings.xlsx', { areaId: data.areaId, week: data.weekStart }),
          `排名通报_${areaName ?? user.areaName}_${range}.xlsx`.replace(/[\\/:*?"<>|\s]+/g, '_'),
          MIME.xlsx,
          token,
        ).catch(() => false)
      : false
    setBusy(false)
    if (!ok) void Taro.showToast({ title: zh.ranking.downloadFailed, icon: 'none' })
  }

  return (
    <View className='fz-page'>
      <View className='fz-title'>
        {areaName ?? user.areaName} · {zh.ranking.title}
      </View>
      <View className='fz-row fz-rank__weeks'>
        <Btn id='rank-prev' className='fz-btn--small' disabled={loading} onClick={() => setWeek(shift(shown, -7))}>
          {zh.ranking.prevWeek}
        </Btn>
        <Text className='fz-grow fz-rank__week' id='rank-week'>
          {zh.ranking.week(shown, shift(shown, 6))}
        </Text>
        <Btn id='rank-next' className='fz-btn--small' disabled={loading || shown >= latest} onClick={() => setWeek(shift(shown, 7))}>
          {zh.ranking.nextWeek}
        </Btn>
      </View>

      {error && (
        <View className='fz-card fz-error' id='rank-error'>
          {error.message}
        </View>
      )}
      {!data && loading && <View className='fz-empty'>{zh.common.loading}</View>}

      {data && (
        <View id='rank-table'>
          {data.rows.length === 0 && <View className='fz-muted'>{zh.ranking.empty}</View>}
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
                  {zh.ranking.score} {r.score.toFixed(1)}
                  {bottom.has(r.areaId) && <Text className='fz-rank__flag'> · {zh.ranking.bottom}</Text>}
                </View>
              </View>
              <Change change={r.change} />
              <Text className='fz-dash__chevron'>›</Text>
            </View>
          ))}
          <View className='fz-muted fz-rank__note'>{zh.ranking.note}</View>
          <Btn id='download-ranking' className='fz-rank__download' disabled={busy} onClick={() => void download()}>
            {zh.ranking.download}
          </Btn>
        </View>
      )}
    </View>
  )
}
