// Coverage for a village head / town official / county admin: totals, child areas to drill into, and for a
// village the households nobody has reached yet.
import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { chinaWeekStart, formatChinaTime } from '@core/china-time'
import { chinaDate } from '@core/targets'
import { TargetStatusResponseSchema, type TargetStatusResponse } from '@core/schemas/targets'
import {
  CoverageResponseSchema,
  UnvisitedResponseSchema,
  type CoverageResponse,
  type CoverageRow,
  type UnvisitedResponse,
} from '@core/schemas/coverage'
import Btn from '../../components/btn'
import CoverageBar from '../../components/coverage-bar'
import LogoutButton from '../../components/logout-button'
import Placeholder from '../../components/placeholder'
import TrendCard from '../components/trend-chart'
import ActivityCard from '../components/activity-card'
import GapLinks from '../components/gap-links'
import { TARGETS_CHANGED } from '../targets/events'
import { useOfficial } from '../../components/use-session'
import { useAuthStore } from '../../stores/auth'
import { ApiError, callApi, messageOf } from '../../stores/api'
import { url, withQuery } from '../../pages/routes'
import { MIME, downloadFile } from '../../platform/download-file'
import { zh } from '../../locales/zh-CN'
import './index.css'

const PAGE_SIZE = 100
const DRILLABLE = new Set(['village', 'town', 'grid'])

function Summary({ area }: { area: CoverageRow }) {
  return (
    <View className='fz-card'>
      <View className='fz-dash__stats'>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.households}</View>
          <View className='fz-muted'>{zh.dashboard.households}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.visited}</View>
          <View className='fz-muted'>{zh.dashboard.visited}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num fz-dash__num--pct'>{area.coveragePct}%</View>
          <View className='fz-muted'>{zh.dashboard.coverage}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.visitsThisWeek}</View>
          <View className='fz-muted'>{zh.dashboard.thisWeek}</View>
        </View>
      </View>
      <CoverageBar pct={area.coveragePct} />
      <View className='fz-dash__line' id='dash-pledges'>
        {zh.dashboard.pledged} {area.pledgedHouseholds}（{area.pledgePct}%）
      </View>
      <View className='fz-dash__line' id='dash-installs'>
        {zh.dashboard.target(area.targetResidents)}：{zh.dashboard.installed} {area.installedPct}% · {zh.dashboard.realName}{' '}
        {area.realNamePct}% · {zh.dashboard.warningOn} {area.warningOnPct}%
      </View>
    </View>
  )
}

/** Pieces handed out per material, in catalogue order; materials nobody handed out are left off. */
function Handouts({ area, materials }: { area: CoverageRow; materials: CoverageResponse['materials'] }) {
  const given = materials.filter((m) => area.handouts[m.id])
  if (given.length === 0) return null
  return (
    <View className='fz-card' id='dash-handouts'>
      <View className='fz-dash__name'>{zh.dashboard.handouts}</View>
      {given.map((m) => (
        <View key={m.id} className='fz-row fz-dash__line'>
          <Text className='fz-grow'>{m.name}</Text>
          <Text>{zh.dashboard.pieces(area.handouts[m.id])}</Text>
        </View>
      ))}
    </View>
  )
}

/** Where no campaign covers the area yet: the way to set one up (the 目标 card has nothing to show). */
function NoCampaign({ areaId }: { areaId: string }) {
  return (
    <View className='fz-card' id='dash-no-campaign'>
      <View className='fz-row'>
        <Text className='fz-grow fz-muted'>{zh.targetEdit.none}</Text>
        <Btn id='create-campaign' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.targets(areaId) })}>
          {zh.targetEdit.create}
        </Btn>
      </View>
    </View>
  )
}

/** 目标: each target of the area against its deadline, with what is still missing; 编辑目标 opens the targets page. */
function Targets({ status, editLabel }: { status: TargetStatusResponse; editLabel: string }) {
  if (status.items.length === 0) return null
  return (
    <View className='fz-card' id='dash-targets'>
      <View className='fz-row'>
        <Text className='fz-grow fz-dash__name'>{zh.targets.title}</Text>
        <Btn id='edit-targets' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.targets(status.areaId) })}>
          {editLabel}
        </Btn>
      </View>
      {status.items.map((t) => (
        <View key={`${t.indicator}-${t.deadline}`} id={`target-${t.indicator}-${t.deadline}`} className='fz-dash__target'>
          <View className='fz-row'>
            <Text className='fz-grow fz-dash__target-name'>{zh.targets.indicators[t.indicator]}</Text>
            <Text className={`fz-tag fz-dash__chip fz-dash__chip--${t.state}`}>{zh.targets.states[t.state]}</Text>
          </View>
          <CoverageBar pct={Math.min(100, t.currentPct)} />
          <View className='fz-muted fz-dash__line'>
            {zh.targets.line(t.currentPct, t.targetPct, t.deadline)}
            {t.state !== 'met' && <Text className='fz-dash__needed'> · {zh.targets.needed(t.needed, t.base)}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}

const DAY = 86_400_000

/** The week the roster defaults to: Monday to Sunday of the week just ended (China time). */
function lastWeek(now: number): { from: string; to: string } {
  const start = chinaWeekStart(now) - 7 * DAY
  return { from: chinaDate(start), to: chinaDate(start + 6 * DAY) }
}

/** 下载花名册 / 下载截图包 for a village: last week's roster and its screenshots. */
function RosterDownloads({ areaId, name }: { areaId: string; name: string }) {
  const [busy, setBusy] = useState(false)
  const week = lastWeek(Date.now())
  const range = `${week.from.replace(/-/g, '')}-${week.to.replace(/-/g, '')}`
  const get = async (kind: 'xlsx' | 'zip') => {
    const token = useAuthStore.getState().token
    setBusy(true)
    const path = withQuery(kind === 'xlsx' ? '/api/v1/exports/roster.xlsx' : '/api/v1/exports/roster-screenshots.zip', { areaId })
    const file = `${kind === 'xlsx' ? '花名册' : '花名册截图'}_${name}_${range}.${kind}`
    const ok = token ? await downloadFile(path, file, MIME[kind], token).catch(() => false) : false
    setBusy(false)
    if (!ok) void Taro.showToast({ title: zh.dashboard.downloadFailed, icon: 'none' })
  }
  return (
    <View className='fz-card' id='dash-roster'>
      <View className='fz-row fz-dash__actions'>
        <Btn id='download-roster' className='fz-btn--small fz-grow' disabled={busy} onClick={() => void get('xlsx')}>
          {zh.dashboard.downloadRoster}
        </Btn>
        <Btn id='download-roster-zip' className='fz-btn--small fz-grow fz-dash__action2' disabled={busy} onClick={() => void get('zip')}>
          {zh.dashboard.downloadRosterZip}
        </Btn>
      </View>
      <View className='fz-muted fz-dash__line'>{zh.dashboard.rosterWeek(week.from, week.to)}</View>
    </View>
  )
}

export default function DashboardPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const [data, setData] = useState<CoverageResponse | null>(null)
  const [unvisited, setUnvisited] = useState<UnvisitedResponse | null>(null)
  const [targets, setTargets] = useState<TargetStatusResponse | null>(null)
  const [noCampaign, setNoCampaign] = useState(false)
  const [offset, setOffset] = useState(0)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const seq = useRef(0)

  const load = useCallback(
    async (nextOffset: number) => {
      const mine = ++seq.current
      const token = useAuthStore.getState().token
      setLoading(true)
      setError(null)
      try {
        const coverage = await callApi(CoverageResponseSchema, {
          method: 'GET',
          path: withQuery('/api/v1/coverage', { areaId }),
          token,
        })
        let list: UnvisitedResponse | null = null
        if (coverage.area.level === 'village') {
          list = await callApi(UnvisitedResponseSchema, {
            method: 'GET',
            path: withQuery('/api/v1/coverage/unvisited', {
              areaId: coverage.area.areaId,
              limit: PAGE_SIZE,
              offset: nextOffset,
            }),
            token,
          })
        }
        // No campaign for the area (404) or a failure here leaves the 目标 card out rather than the page.
        let missing = false
        const status = await callApi(TargetStatusResponseSchema, {
          method: 'GET',
          path: withQuery('/api/v1/targets/status', { areaId: coverage.area.areaId }),
          token,
        }).catch((err: unknown) => {
          missing = err instanceof ApiError && err.status === 404
          return null
        })
        if (mine !== seq.current) return
        setData(coverage)
        setTargets(status)
        setNoCampaign(missing)
        setUnvisited(list)
        setOffset(nextOffset)
        void Taro.setNavigationBarTitle({ title: coverage.area.name })
      } catch (err) {
        if (mine !== seq.current) return
        setError(err instanceof ApiError ? err : new ApiError('CLIENT_ERROR', messageOf(err), 0))
      } finally {
        if (mine === seq.current) setLoading(false)
        Taro.stopPullDownRefresh()
      }
    },
    [areaId],
  )

  useEffect(() => {
    if (user) void load(0)
  }, [user, load])

  usePullDownRefresh(() => void load(offset))

  // Back from 编辑目标: the 目标 card shows the new figures.
  useEffect(() => {
    const reload = () => void load(offset)
    Taro.eventCenter.on(TARGETS_CHANGED, reload)
    return () => void Taro.eventCenter.off(TARGETS_CHANGED, reload)
  }, [load, offset])

  /** Another page of 未走访户, shown from its top rather than where the pager button was. */
  const turnPage = async (nextOffset: number) => {
    await load(nextOffset)
    Taro.pageScrollTo({ selector: '#unvisited', duration: 0 }).catch(() => undefined)
  }

  if (!user) return <Placeholder />
  const area = data?.area
  const pages = unvisited ? Math.max(1, Math.ceil(unvisited.total / PAGE_SIZE)) : 1
  const page = Math.floor(offset / PAGE_SIZE) + 1

  return (
    <View className='fz-page'>
      <View className='fz-row fz-dash__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{area?.name ?? user.areaName}</View>
          <View className='fz-muted'>
            {zh.dashboard.title} · {user.name}
          </View>
        </View>
        {area && (area.level === 'town' || area.level === 'county') && (
          <Btn id='open-ranking' className='fz-btn--small fz-dash__open-ranking' onClick={() => void Taro.navigateTo({ url: url.ranking(area.areaId, area.name) })}>
            {zh.dashboard.openRanking}
          </Btn>
        )}
        {area && area.level !== 'grid' && (
          <Btn id='open-report' className='fz-btn--small fz-dash__open-ranking' onClick={() => void Taro.navigateTo({ url: url.report(area.areaId) })}>
            {zh.report.open}
          </Btn>
        )}
        <Btn id='refresh' className='fz-btn--small' disabled={loading} onClick={() => void load(offset)}>
          {zh.common.refresh}
        </Btn>
      </View>

      {error && (
        <View className='fz-card fz-error' id='dash-error'>
          <View>{error.message}</View>
          {error.status === 401 && (
            <Btn
              className='fz-btn--small fz-dash__relogin'
              onClick={() => {
                useAuthStore.getState().logout()
                void Taro.reLaunch({ url: url.login() })
              }}
            >
              {zh.common.relogin}
            </Btn>
          )}
        </View>
      )}
      {!data && loading && <View className='fz-empty'>{zh.common.loading}</View>}

      {data && area && (
        <View>
          <Summary area={area} />
          {area.level !== 'grid' && <TrendCard areaId={area.areaId} reloadKey={data.serverTime} />}
          {targets && <Targets status={targets} editLabel={user.role === 'village_head' ? zh.targetEdit.title : zh.targetEdit.open} />}
          {noCampaign && area.areaId === user.areaId && user.role !== 'village_head' && <NoCampaign areaId={area.areaId} />}
          {area.level !== 'grid' && <ActivityCard areaId={area.areaId} reloadKey={data.serverTime} />}
          {area.level !== 'grid' && <GapLinks areaId={area.areaId} />}
          {area.level === 'village' && <RosterDownloads areaId={area.areaId} name={area.name} />}
          <Handouts area={area} materials={data.materials} />

          <View className='fz-section-title'>{zh.dashboard.children[data.rows[0]?.level ?? ''] ?? ''}</View>
          {data.rows.length === 0 && <View className='fz-muted'>{zh.dashboard.noRows}</View>}
          {data.rows.map((row) => {
            const drill = DRILLABLE.has(row.level)
            // A grid opens its households; a town or village opens its own coverage.
            const target = row.level === 'grid' ? url.officialGrid(row.areaId) : url.dashboard(row.areaId)
            return (
              <View
                key={row.areaId}
                id={`row-${row.areaId}`}
                className={`fz-card fz-dash__row ${drill ? 'fz-dash__row--drill' : ''}`}
                onClick={drill ? () => void Taro.navigateTo({ url: target }) : undefined}
              >
                <View className='fz-row'>
                  <Text className='fz-grow fz-dash__name'>{row.name}</Text>
                  <Text className='fz-dash__pct'>
                    {zh.dashboard.coverage} {row.coveragePct}%
                  </Text>
                  {drill && <Text className='fz-dash__chevron'>›</Text>}
                </View>
                <CoverageBar pct={row.coveragePct} />
                <View className='fz-muted fz-dash__line'>
                  {zh.dashboard.households} {row.households} · {zh.dashboard.visited} {row.visited} ·{' '}
                  {zh.dashboard.thisWeek} {row.visitsThisWeek}
                </View>
                <View className='fz-muted fz-dash__line'>
                  {zh.dashboard.pledgeRate} {row.pledgePct}% · {zh.dashboard.installed} {row.installedPct}% ·{' '}
                  {zh.dashboard.realName} {row.realNamePct}% · {zh.dashboard.warningOn} {row.warningOnPct}%
                </View>
              </View>
            )
          })}

          {unvisited && (
            <View id='unvisited'>
              <View className='fz-section-title'>
                {zh.dashboard.unvisited}
                <Text className='fz-muted'> {zh.dashboard.unvisitedTotal(unvisited.total)}</Text>
              </View>
              {unvisited.total === 0 && <View className='fz-muted'>{zh.dashboard.noUnvisited}</View>}
              {unvisited.items.map((h) => (
                <View
                  key={h.id}
                  id={`unvisited-${h.id}`}
                  className='fz-card fz-row fz-dash__hh'
                  onClick={() => void Taro.navigateTo({ url: url.officialHousehold(h.id) })}
                >
                  <View className='fz-grow'>
                    <View className='fz-dash__name'>{h.doorplate}</View>
                    <View className='fz-muted'>
                      {zh.household.head}：{h.headName} · {h.gridName}
                    </View>
                  </View>
                  {h.attempted && <Text className='fz-tag fz-tag--not_home'>{zh.dashboard.attempted}</Text>}
                  <Text className='fz-dash__chevron'>›</Text>
                </View>
              ))}
              {unvisited.total > PAGE_SIZE && (
                <View className='fz-row fz-dash__pager'>
                  <Btn
                    className='fz-btn--small'
                    disabled={loading || offset === 0}
                    onClick={() => void turnPage(Math.max(0, offset - PAGE_SIZE))}
                  >
                    {zh.dashboard.prev}
                  </Btn>
                  <Text className='fz-grow fz-dash__page'>{zh.dashboard.page(page, pages)}</Text>
                  <Btn
                    id='unvisited-next'
                    className='fz-btn--small'
                    disabled={loading || offset + PAGE_SIZE >= unvisited.total}
                    onClick={() => void turnPage(offset + PAGE_SIZE)}
                  >
                    {zh.dashboard.next}
                  </Btn>
                </View>
              )}
            </View>
          )}
          <View className='fz-muted fz-dash__time'>{zh.dashboard.updatedAt(formatChinaTime(Date.parse(data.serverTime)))}</View>
        </View>
      )}
      {/* Only on the top level: drilled-down pages sit above it in the page stack. */}
      {!areaId && (
        <View className='fz-dash__footer'>
          <LogoutButton />
        </View>
      )}
    </View>
  )
}
