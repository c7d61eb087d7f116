// Coverage for a village head / town official / county admin: totals, child areas to drill into, and for a
// village the households nobody has reached yet.
import { useCallback, useEffect, useRef, useState } from 'react'
import { View, Text, Picker } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { chinaDateStart, chinaWeekStart, formatChinaTime } from '@core/china-time'
import { chinaDate } from '@core/targets'
import type { TargetStatusResponse } from '@core/schemas/targets'
import type { CoverageResponse, CoverageRow } from '@core/schemas/coverage'
import Btn from '../../components/btn'
import CoverageBar from '../../components/coverage-bar'
import LogoutButton from '../../components/logout-button'
import Placeholder from '../../components/placeholder'
import TrendCard from '../components/trend-chart'
import ActivityCard from '../components/activity-card'
import GapLinks from '../components/gap-links'
import CaseReachCard from '../components/case-reach-card'
import ReviewLink from '../components/review-link'
import { REVIEW_CHANGED } from '../review/events'
import { TARGETS_CHANGED } from '../targets/events'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { useAuthStore } from '../../stores/auth'
import { download, type ApiError } from '../../stores/api'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { zhRosterChanges } from '../../locales/roster-changes'
import { zhAuditLog } from '../../locales/audit-log'
import FileShareSheet from '../../components/file-share-sheet'
import PrivacyConsent from '../../components/privacy-consent'
import { copyText } from '../../platform/clipboard'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import ExportFormatPicker, { formatFor, useCountyLayouts, type ExportFormat } from '../components/export-format'
import { zhProof } from '../../locales/proof'
import './index.css'

const PAGE_SIZE = 100
const DRILLABLE = new Set(['village', 'town', 'grid'])

function Summary({ area }: { area: CoverageRow }) {
  return (
    <View className='fz-card'>
      <View className='fz-dash__stats'>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.households}</View>
          <View className='fz-muted'>{zhOfficial.dashboard.households}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.visited}</View>
          <View className='fz-muted'>{zhOfficial.dashboard.visited}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num fz-dash__num--pct'>{area.coveragePct}%</View>
          <View className='fz-muted'>{zhOfficial.dashboard.coverage}</View>
        </View>
        <View className='fz-dash__stat'>
          <View className='fz-dash__num'>{area.visitsThisWeek}</View>
          <View className='fz-muted'>{zhOfficial.dashboard.thisWeek}</View>
        </View>
      </View>
      <CoverageBar pct={area.coveragePct} />
      <View className='fz-dash__line' id='dash-pledges'>
        {zhOfficial.dashboard.pledged} {area.pledgedHouseholds}（{area.pledgePct}%）
      </View>
      <View className='fz-dash__line' id='dash-installs'>
        {zhOfficial.dashboard.target(area.targetResidents)}：{zhOfficial.dashboard.installed} {area.installedPct}% · {zhOfficial.dashboard.realName}{' '}
        {area.realNamePct}% · {zhOfficial.dashboard.warningOn} {area.warningOnPct}%
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
      <View className='fz-dash__name'>{zhOfficial.dashboard.handouts}</View>
      {given.map((m) => (
        <View key={m.id} className='fz-row fz-dash__line'>
          <Text className='fz-grow'>{m.name}</Text>
          <Text>{zhOfficial.dashboard.pieces(area.handouts[m.id])}</Text>
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
        <Text className='fz-grow fz-muted'>{zhOfficial.targetEdit.none}</Text>
        <Btn id='create-campaign' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.targets(areaId) })}>
          {zhOfficial.targetEdit.create}
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
        <Text className='fz-grow fz-dash__name'>{zhOfficial.targets.title}</Text>
        <Btn id='edit-targets' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.targets(status.areaId) })}>
          {editLabel}
        </Btn>
      </View>
      {status.items.map((t) => (
        <View key={`${t.indicator}-${t.deadline}`} id={`target-${t.indicator}-${t.deadline}`} className='fz-dash__target'>
          <View className='fz-row'>
            <Text className='fz-grow fz-dash__target-name'>{zhOfficial.targets.indicators[t.indicator]}</Text>
            <Text className={`fz-tag fz-dash__chip fz-dash__chip--${t.state}`}>{zhOfficial.targets.states[t.state]}</Text>
          </View>
          <CoverageBar pct={Math.min(100, t.currentPct)} />
          <View className='fz-muted fz-dash__line'>
            {zhOfficial.targets.line(t.currentPct, t.targetPct, t.deadline)}
            {t.state !== 'met' && <Text className='fz-dash__needed'> · {zhOfficial.targets.needed(t.needed, t.base)}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}

const DAY = 86_400_000

/** The week the roster defaults to: Monday to Sunday of the week just ended (China time). */
function lastWeek(now: number): { from: string; to: string } {
  return weekOf(chinaWeekStart(now) - 7 * DAY)
}

/** The Monday–Sunday week holding the China-time instant `at`. */
function weekOf(at: number): { from: string; to: string } {
  const start = chinaWeekStart(at)
  return { from: chinaDate(start), to: chinaDate(start + 6 * DAY) }
}

/**
 * A screenshot package can outgrow what WeChat downloads (200 MB, and one minute on a weak signal): the same page
 * opens in a PC browser (the H5 app the server serves, signed in with a 登录码), where no such limit applies.
 */
async function offerPcLink(areaId: string): Promise<void> {
  const t = wechatLaunch.share
  const res = await Taro.showModal({ title: t.failedTitle, content: t.tooLarge, confirmText: t.copyLink, cancelText: zh.common.cancel })
  if (!res.confirm) return
  const copied = await copyText(`${API_BASE}/#${url.dashboard(areaId)}`)
  if (copied.ok) void Taro.showToast({ title: t.linkCopied, icon: 'none' })
  else await showDeviceFailure(copied, wechatLaunch.clipboard.failed)
}

/**
 * 下载花名册 / 下载截图包 for a village: a week's roster (last week unless another is picked) and its screenshots. A week
 * with nothing in it is said so (the server's ROSTER_EMPTY), never downloaded as an empty file.
 */
function RosterDownloads({ areaId, name }: { areaId: string; name: string }) {
  const [busy, setBusy] = useState(false)
  const [format, setFormat] = useState<ExportFormat>('default')
  const layouts = useCountyLayouts()
  const [week, setWeek] = useState(() => lastWeek(Date.now()))
  const range = `${week.from.replace(/-/g, '')}-${week.to.replace(/-/g, '')}`
  const today = chinaDate(Date.now())
  /** The server said why it sent no file (an empty week, no layout set…): shown as it is, in Chinese. */
  let said = false
  const refused = (err: ApiError) => {
    said = true
    const title = err.code === 'ROSTER_EMPTY' ? zhOfficial.dashboard.nothingToExport : zhOfficial.dashboard.downloadFailed
    void Taro.showModal({ title, content: err.message, showCancel: false, confirmText: zh.common.confirm })
  }
  /** 入户走访登记 of the same week, in the chosen format (the county's when it set one for visits). */
  const getVisits = async () => {
    setBusy(true)
    said = false
    const ok = await download(API.visitsXlsx, { query: { areaId, week: week.from, format: formatFor(layouts, 'visits', format) } }, `入户走访登记_${name}_${range}.xlsx`, refused).catch(() => false)
    setBusy(false)
    if (!ok && !said) void Taro.showToast({ title: zhOfficial.dashboard.downloadFailed, icon: 'none' })
  }
  const get = async (kind: 'xlsx' | 'zip') => {
    setBusy(true)
    const file = `${kind === 'xlsx' ? '花名册' : '花名册截图'}_${name}_${range}.${kind}`
    said = false
    const ok = await (kind === 'xlsx'
      ? download(API.rosterXlsx, { query: { areaId, week: week.from, format: formatFor(layouts, 'roster', format) } }, file, refused)
      : download(API.rosterScreenshotsZip, { query: { areaId, week: week.from } }, file, refused)
    ).catch(() => false)
    setBusy(false)
    if (ok || said) return
    if (kind === 'zip' && process.env.TARO_ENV === 'weapp') await offerPcLink(areaId)
    else void Taro.showToast({ title: zhOfficial.dashboard.downloadFailed, icon: 'none' })
  }
  return (
    <View className='fz-card' id='dash-roster'>
      <ExportFormatPicker layouts={layouts} value={format} onChange={setFormat} />
      <View className='fz-row fz-dash__actions'>
        <Btn id='download-roster' className='fz-btn--small fz-grow' disabled={busy} onClick={() => void get('xlsx')}>
          {zhOfficial.dashboard.downloadRoster}
        </Btn>
        <Btn id='download-roster-zip' className='fz-btn--small fz-grow fz-dash__action2' disabled={busy} onClick={() => void get('zip')}>
          {zhOfficial.dashboard.downloadRosterZip}
        </Btn>
      </View>
      <Btn id='download-visits' className='fz-btn--small fz-btn--block fz-dash__line' disabled={busy} onClick={() => void getVisits()}>
        {zhProof.export.visits}
      </Btn>
      <Picker mode='date' value={week.from} end={today} onChange={(e) => setWeek(weekOf(chinaDateStart(String(e.detail.value))))}>
        <View className='fz-row fz-dash__line fz-dash__week' id='roster-week'>
          <Text className='fz-grow fz-muted'>{zhOfficial.dashboard.rosterWeek(week.from, week.to)}</Text>
          <Text className='fz-link'>{zhOfficial.dashboard.pickWeek}</Text>
        </View>
      </Picker>
    </View>
  )
}

export default function DashboardPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  /** Where the page of 未走访户 asked for starts. */
  const [offset, setOffset] = useState(0)
  const cov = useEndpoint(API.coverage, user ? { query: { areaId } } : null)
  const data = cov.data
  const shownArea = data?.area.areaId
  const unv = useEndpoint(
    API.unvisited,
    data?.area.level === 'village' ? { query: { areaId: shownArea, limit: PAGE_SIZE, offset } } : null,
    { keep: true },
  )
  const unvisited = data?.area.level === 'village' ? unv.data : null
  // No campaign for the area (404) or a failure here leaves the 目标 card out rather than the page.
  const tgt = useEndpoint(API.targetsStatus, shownArea ? { query: { areaId: shownArea } } : null)
  const targets = tgt.error ? null : tgt.data
  const noCampaign = tgt.failure?.status === 404
  const loading = cov.loading || unv.loading || tgt.loading
  const error = cov.failure ?? unv.failure

  const { refresh: reloadCoverage } = cov
  const { refresh: reloadUnvisited } = unv
  const { refresh: reloadTargets } = tgt
  const reload = useCallback(() => {
    reloadCoverage()
    reloadUnvisited()
    reloadTargets()
  }, [reloadCoverage, reloadUnvisited, reloadTargets])

  const title = data?.area.name
  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title })
  }, [title])

  usePullDownRefresh(reload)
  useEffect(() => {
    if (!loading) Taro.stopPullDownRefresh()
  }, [loading])

  // Back from 编辑目标 or 核查队列: the cards show the new figures.
  useEffect(() => {
    Taro.eventCenter.on(TARGETS_CHANGED, reload)
    Taro.eventCenter.on(REVIEW_CHANGED, reload)
    return () => {
      Taro.eventCenter.off(TARGETS_CHANGED, reload)
      Taro.eventCenter.off(REVIEW_CHANGED, reload)
    }
  }, [reload])

  // The page of 未走访户 on screen: the one asked for once its answer is in (the previous stays shown meanwhile).
  const asked = useRef(offset)
  asked.current = offset
  const [pageStart, setPageStart] = useState(0)
  const toListTop = useRef(false)
  useEffect(() => {
    if (!unv.data) return
    setPageStart(asked.current)
    if (!toListTop.current) return
    toListTop.current = false
    Taro.pageScrollTo({ selector: '#unvisited', duration: 0 }).catch(() => undefined)
  }, [unv.data])

  /** Another page of 未走访户, shown from its top rather than where the pager button was. */
  const turnPage = (nextOffset: number) => {
    toListTop.current = true
    if (nextOffset === offset) reloadUnvisited()
    else setOffset(nextOffset)
  }

  if (!user) return <Placeholder />
  const area = data?.area
  /** Fraud cases and the audit trail are for town and county roles only. */
  const caseDetails = user.role === 'town_official' || user.role === 'county_admin'
  const pages = unvisited ? Math.max(1, Math.ceil(unvisited.total / PAGE_SIZE)) : 1
  const page = Math.floor(pageStart / PAGE_SIZE) + 1

  return (
    <View className='fz-page'>
      <FileShareSheet />
      <PrivacyConsent />
      {/* The names on a line of their own (never broken mid-name), the buttons wrapping below them. */}
      <View className='fz-dash__head'>
        <View className='fz-dash__names'>
          <View className='fz-title fz-dash__nowrap' id='dash-area-name'>
            {area?.name ?? user.areaName}
          </View>
          <View className='fz-muted fz-dash__nowrap' id='dash-user-name'>
            {zhOfficial.dashboard.title} · {user.name}
          </View>
        </View>
        <View className='fz-row fz-dash__head-actions'>
          {area && (area.level === 'town' || area.level === 'county') && (
            <Btn id='open-ranking' className='fz-btn--small fz-dash__open-ranking' onClick={() => void Taro.navigateTo({ url: url.ranking(area.areaId, area.name) })}>
              {zhOfficial.dashboard.openRanking}
            </Btn>
          )}
          {area && area.level !== 'grid' && (
            <Btn id='open-report' className='fz-btn--small fz-dash__open-ranking' onClick={() => void Taro.navigateTo({ url: url.report(area.areaId) })}>
              {zhOfficial.report.open}
            </Btn>
          )}
          {area && (
            <Btn id='open-roster-changes' className='fz-btn--small fz-dash__open-ranking' onClick={() => void Taro.navigateTo({ url: url.rosterChanges(area.areaId) })}>
              {zhRosterChanges.open}
            </Btn>
          )}
          <Btn id='refresh' className='fz-btn--small' disabled={loading} onClick={reload}>
            {zh.common.refresh}
          </Btn>
        </View>
      </View>

      {error && (
        <View className='fz-card fz-error' id='dash-error'>
          <View>{error.message}</View>
          {/* A 401 from the server has already ended the session (the guard moves to 登录); this is for one the client
              could not read, such as a proxy's. */}
          {error.status === 401 && (
            <Btn className='fz-btn--small fz-dash__relogin' onClick={() => useAuthStore.getState().sessionExpired()}>
              {zh.common.relogin}
            </Btn>
          )}
        </View>
      )}
      {!data && loading && <View className='fz-empty'>{zh.common.loading}</View>}

      {data && area && (
        <View>
          <Summary area={area} />
          {area.level !== 'grid' && <ReviewLink areaId={area.areaId} reloadKey={data.serverTime} />}
          {area.level !== 'grid' && <TrendCard areaId={area.areaId} reloadKey={data.serverTime} />}
          {targets && <Targets status={targets} editLabel={user.role === 'village_head' ? zhOfficial.targetEdit.title : zhOfficial.targetEdit.open} />}
          {noCampaign && area.areaId === user.areaId && user.role !== 'village_head' && <NoCampaign areaId={area.areaId} />}
          {area.level !== 'grid' && <ActivityCard areaId={area.areaId} reloadKey={data.serverTime} />}
          {area.level !== 'grid' && <GapLinks areaId={area.areaId} />}
          {caseDetails && (area.level === 'town' || area.level === 'county') && <CaseReachCard areaId={area.areaId} reloadKey={data.serverTime} />}
          {area.level === 'village' && <RosterDownloads areaId={area.areaId} name={area.name} />}
          <Handouts area={area} materials={data.materials} />

          <View className='fz-section-title'>{zhOfficial.dashboard.children[data.rows[0]?.level ?? ''] ?? ''}</View>
          {data.rows.length === 0 && <View className='fz-muted'>{zhOfficial.dashboard.noRows}</View>}
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
                    {zhOfficial.dashboard.coverage} {row.coveragePct}%
                  </Text>
                  {drill && <Text className='fz-dash__chevron'>›</Text>}
                </View>
                <CoverageBar pct={row.coveragePct} />
                <View className='fz-muted fz-dash__line'>
                  {zhOfficial.dashboard.households} {row.households} · {zhOfficial.dashboard.visited} {row.visited} ·{' '}
                  {zhOfficial.dashboard.thisWeek} {row.visitsThisWeek}
                </View>
                <View className='fz-muted fz-dash__line'>
                  {zhOfficial.dashboard.pledgeRate} {row.pledgePct}% · {zhOfficial.dashboard.installed} {row.installedPct}% ·{' '}
                  {zhOfficial.dashboard.realName} {row.realNamePct}% · {zhOfficial.dashboard.warningOn} {row.warningOnPct}%
                </View>
              </View>
            )
          })}

          {unvisited && (
            <View id='unvisited'>
              <View className='fz-section-title'>
                {zhOfficial.dashboard.unvisited}
                <Text className='fz-muted'> {zhOfficial.dashboard.unvisitedTotal(unvisited.total)}</Text>
              </View>
              {unvisited.total === 0 && <View className='fz-muted'>{zhOfficial.dashboard.noUnvisited}</View>}
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
                  {h.attempted && <Text className='fz-tag fz-tag--not_home'>{zhOfficial.dashboard.attempted}</Text>}
                  <Text className='fz-dash__chevron'>›</Text>
                </View>
              ))}
              {unvisited.total > PAGE_SIZE && (
                <View className='fz-row fz-dash__pager'>
                  <Btn
                    className='fz-btn--small'
                    disabled={loading || pageStart === 0}
                    onClick={() => turnPage(Math.max(0, pageStart - PAGE_SIZE))}
                  >
                    {zhOfficial.dashboard.prev}
                  </Btn>
                  <Text className='fz-grow fz-dash__page'>{zhOfficial.dashboard.page(page, pages)}</Text>
                  <Btn
                    id='unvisited-next'
                    className='fz-btn--small'
                    disabled={loading || pageStart + PAGE_SIZE >= unvisited.total}
                    onClick={() => turnPage(pageStart + PAGE_SIZE)}
                  >
                    {zhOfficial.dashboard.next}
                  </Btn>
                </View>
              )}
            </View>
          )}
          <View className='fz-muted fz-dash__time'>{zhOfficial.dashboard.updatedAt(formatChinaTime(Date.parse(data.serverTime)))}</View>
        </View>
      )}
      {/* Only on the top level: drilled-down pages sit above it in the page stack. */}
      {!areaId && (
        <View className='fz-dash__footer'>
          {user.role !== 'village_head' && (
            <Btn id='open-staff' className='fz-btn--block fz-dash__staff' onClick={() => void Taro.navigateTo({ url: url.staff() })}>
              {zhOfficial.dashboard.openStaff}
            </Btn>
          )}
          {user.role !== 'village_head' && (
            <Btn id='open-import' className='fz-btn--block fz-dash__staff' onClick={() => void Taro.navigateTo({ url: url.imports() })}>
              {zhOfficial.dashboard.openImport}
            </Btn>
          )}
          {caseDetails && (
            <Btn id='open-audit-log' className='fz-btn--block fz-dash__staff' onClick={() => void Taro.navigateTo({ url: url.auditLog() })}>
              {zhAuditLog.open}
            </Btn>
          )}
          {user.role === 'county_admin' && (
            <Btn id='open-export-layouts' className='fz-btn--block fz-dash__staff' onClick={() => void Taro.navigateTo({ url: url.exportLayouts() })}>
              {zhProof.layouts.open}
            </Btn>
          )}
          <Btn id='open-feedback' className='fz-btn--block fz-dash__staff' onClick={() => void Taro.navigateTo({ url: url.feedback() })}>
            {zh.feedbackEntry}
          </Btn>
          <LogoutButton />
        </View>
      )}
    </View>
  )
}
