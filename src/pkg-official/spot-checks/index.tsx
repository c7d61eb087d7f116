// 电话抽查: the 核查员's start page. Pick a week, 抽取样本 (the draw is stored: asking again shows the same people),
// then village by village 查看号码 (each reveal is logged), 拨打, and the outcome with a comment; below, the sample
// size, confirmed and discrepancy rates per village and per worker.
import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { chinaWeekStart, formatChinaTime } from '@core/china-time'
import { chinaDate, chinaDateStart } from '@core/targets'
import { SPOT_CHECK_OUTCOMES, type SpotCheckDraw, type SpotCheckItem, type SpotCheckOutcome, type SpotCheckStats } from '@core/schemas/spot-checks'
import Btn from '../../components/btn'
import LogoutButton from '../../components/logout-button'
import Placeholder from '../../components/placeholder'
import { useVerifier } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { callPhone } from '../../platform/phone'
import { fieldId } from '../../platform/field-id'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhSpotChecks as t } from '../../locales/spot-checks'
import './index.css'

const DAY = 86_400_000
const shift = (week: string, days: number) => chinaDate(chinaDateStart(week) + days * DAY)

function ItemCard({ item, onSaved }: { item: SpotCheckItem; onSaved: () => void }) {
  const [phone, setPhone] = useState<string | null>(null)
  const [comment, setComment] = useState(item.comment)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await fn()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const reveal = () => run(async () => setPhone((await call(API.spotCheckPhone, { params: { id: item.id } })).phone ?? ''))
  const dial = async () => {
    if (phone && !(await callPhone(phone)).ok) void Taro.showToast({ title: t.callFailed, icon: 'none' })
  }
  const save = (outcome: SpotCheckOutcome) =>
    run(async () => {
      await call(API.spotCheckOutcome, { params: { id: item.id }, body: { outcome, comment } })
      onSaved()
      void Taro.showToast({ title: t.saved, icon: 'success' })
    })
  return (
    <View className='fz-card fz-spot__item' id={`spot-item-${item.id}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-spot__name'>
          {item.residentName} · {item.doorplate}
        </Text>
        {item.reason === 'flagged' && <Text className='fz-tag fz-tag--conflict'>{t.flagged}</Text>}
      </View>
      <View className='fz-muted'>{t.worker(item.workerName)}</View>
      <View className='fz-muted'>{t.steps(item.installSteps)}</View>
      <View className='fz-muted'>{t.visited(item.visitedOn)}</View>
      <View className='fz-row fz-spot__phone'>
        <Text className='fz-grow spot-phone'>{item.hasPhone ? (phone ?? item.phoneMasked) : t.noPhone}</Text>
        {item.hasPhone && phone === null && (
          <Btn className='fz-btn--small spot-reveal' disabled={busy} onClick={() => void reveal()}>
            {t.reveal}
          </Btn>
        )}
        {phone && (
          <Btn className='fz-btn--small fz-btn--primary spot-call' onClick={() => void dial()}>
            {t.call}
          </Btn>
        )}
      </View>
      <Input {...fieldId(`spot-comment-${item.id}`)} className='fz-input' value={comment} placeholder={t.comment} maxlength={200} onInput={(e) => setComment(e.detail.value)} />
      <View className='fz-spot__outcomes'>
        {SPOT_CHECK_OUTCOMES.map((o) => (
          <Btn
            key={o}
            className={`fz-btn--small spot-outcome spot-outcome--${o}${item.outcome === o ? ' fz-btn--primary' : ''}`}
            disabled={busy}
            onClick={() => void save(o)}
          >
            {t.outcomes[o]}
          </Btn>
        ))}
      </View>
      {item.outcome && item.outcomeAt && <View className='fz-muted spot-result'>{t.outcome(t.outcomes[item.outcome], formatChinaTime(Date.parse(item.outcomeAt)))}</View>}
      {error && <View className='fz-error'>{error}</View>}
    </View>
  )
}

function StatsList({ title, rows, threshold, prefix }: { title: string; rows: SpotCheckStats[]; threshold: number; prefix: string }) {
  return (
    <View className='fz-card'>
      <View className='fz-title'>{title}</View>
      {rows.map((s) => (
        <View key={s.id} id={`${prefix}-${s.id}`} className={`fz-spot__stat${s.marked ? ' fz-spot__stat--marked' : ''}`}>
          <Text className='fz-spot__name'>{s.name}</Text>
          <View className='fz-muted'>{t.statLine(s)}</View>
          {s.marked && <View className='fz-error'>{t.marked(threshold)}</View>}
        </View>
      ))}
    </View>
  )
}

/** Items grouped by village, in the order the server lists them. */
function byVillage(items: SpotCheckItem[]): [string, SpotCheckItem[]][] {
  const groups = new Map<string, SpotCheckItem[]>()
  for (const i of items) groups.set(i.villageName, [...(groups.get(i.villageName) ?? []), i])
  return [...groups]
}

export default function SpotChecksPage() {
  const user = useVerifier()
  const latest = chinaDate(chinaWeekStart(Date.now()) - 7 * DAY)
  const [week, setWeek] = useState(latest)
  const [drawing, setDrawing] = useState(false)
  const [drawError, setDrawError] = useState<string | null>(null)
  const draw = useEndpoint(API.spotCheck, user ? { query: { week } } : null, { keep: true })
  const data: SpotCheckDraw | null = draw.failure ? null : draw.data

  if (!user) return <Placeholder />
  const notDrawn = draw.failure?.code === 'SPOT_CHECK_NOT_DRAWN'
  const drawNow = async () => {
    setDrawing(true)
    setDrawError(null)
    try {
      await call(API.drawSpotCheck, { body: { week } })
      draw.refresh()
    } catch (err) {
      setDrawError(messageOf(err))
    } finally {
      setDrawing(false)
    }
  }
  // An outcome moves the stats too: read the draw again (the cards stay, with their revealed numbers).
  const saved = () => draw.refresh()

  return (
    <View className='fz-page'>
      <View className='fz-title'>
        {user.areaName} · {t.title}
      </View>
      <View className='fz-row fz-spot__weeks'>
        <Btn id='spot-prev' className='fz-btn--small' disabled={draw.loading} onClick={() => setWeek(shift(week, -7))}>
          {t.prevWeek}
        </Btn>
        <Text className='fz-grow fz-spot__week' id='spot-week'>
          {t.week(week, shift(week, 6))}
        </Text>
        <Btn id='spot-next' className='fz-btn--small' disabled={draw.loading || week >= latest} onClick={() => setWeek(shift(week, 7))}>
          {t.nextWeek}
        </Btn>
      </View>
      {notDrawn && (
        <View className='fz-card'>
          <View className='fz-muted'>{t.notDrawn}</View>
          <Btn id='spot-draw' className='fz-btn--primary fz-btn--block' disabled={drawing} onClick={() => void drawNow()}>
            {drawing ? t.drawing : t.draw}
          </Btn>
        </View>
      )}
      {(drawError ?? (notDrawn ? null : draw.error)) && <View className='fz-card fz-error'>{drawError ?? draw.error}</View>}
      {data && (
        <View id='spot-draw-result'>
          <View className='fz-muted'>{t.drawnBy(data.drawnBy, formatChinaTime(Date.parse(data.drawnAt)), data.items.length)}</View>
          <View className='fz-muted fz-spot__seed'>{t.seed(data.seed)}</View>
          {data.items.length === 0 && <View className='fz-empty'>{t.empty}</View>}
          {byVillage(data.items).map(([village, items]) => (
            <View key={village} className='fz-spot__village'>
              <View className='fz-title'>{village}</View>
              {items.map((i) => (
                <ItemCard key={i.id} item={i} onSaved={saved} />
              ))}
            </View>
          ))}
          <View className='fz-title fz-spot__stats-title'>{t.stats}</View>
          <StatsList title={t.villages} rows={data.villages} threshold={data.thresholdPct} prefix='spot-village' />
          <StatsList title={t.workers} rows={data.workers} threshold={data.thresholdPct} prefix='spot-worker' />
        </View>
      )}
      <View className='fz-spot__logout'>
        <View id='open-feedback' className='fz-link' onClick={() => void Taro.navigateTo({ url: url.feedback() })}>
          {zh.feedbackEntry} ›
        </View>
        <LogoutButton />
      </View>
    </View>
  )
}
