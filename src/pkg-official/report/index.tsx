// 每月报送: a month's figures against the month before, the default 工作总结 to edit, the month's activity photos to
// pick (up to 6), and 下载月报, which has the server build the .docx from exactly what is on screen.
import { useEffect, useState } from 'react'
import { Image, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import { formatChinaTime } from '@core/china-time'
import { REPORT_PHOTO_LIMIT, REPORT_SUMMARY_MAX, changeText, chinaMonth, figureLines, hasPreviousMonth, type FigureLine } from '@core/monthly-report'
import type { MonthlyReportDraft, ReportPhoto } from '@core/schemas/monthly-report'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useMediaSrc } from '../../components/use-media-src'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { download } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { zhSpotChecks } from '../../locales/spot-checks'
import './index.css'

const show = (l: Pick<FigureLine, 'unit'>, n: number) => (l.unit === '%' ? `${n}%` : String(n))

function Change({ line }: { line: Pick<FigureLine, 'unit' | 'change'> }) {
  const dir = line.change === null ? 'same' : line.change > 0 ? 'up' : line.change < 0 ? 'down' : 'same'
  const arrow = dir === 'up' ? '↑' : dir === 'down' ? '↓' : ''
  return <Text className={`fz-report__change fz-report__change--${dir}`}>{`${arrow}${changeText(line).replace(/个百分点$/, '')}`}</Text>
}

function Figures({ draft }: { draft: MonthlyReportDraft }) {
  const lines = figureLines(draft.current, draft.previous)
  // No register at last month's end (the county started this month): no last-month column to compare with.
  const compare = hasPreviousMonth(draft.previous)
  const before = (l: Pick<FigureLine, 'unit'>, n: number) => (compare ? show(l, n) : '—')
  const handouts = draft.materials
    .map((m) => ({ m, now: draft.current.handouts[m.id] ?? 0, was: draft.previous.handouts[m.id] ?? 0 }))
    .filter((h) => h.now || h.was)
  return (
    <View className='fz-card' id='report-figures'>
      <View className='fz-row fz-report__tr fz-muted'>
        <Text className='fz-report__label'>{zhOfficial.report.figures}</Text>
        <Text className='fz-report__num'>{zhOfficial.report.thisMonth}</Text>
        <Text className='fz-report__num'>{zhOfficial.report.lastMonth}</Text>
        <Text className='fz-report__change'>{zhOfficial.report.change}</Text>
      </View>
      {lines.map((l) => (
        <View key={l.key} id={`report-line-${l.key}`} className='fz-row fz-report__tr'>
          <Text className='fz-report__label'>{l.label}</Text>
          <Text className='fz-report__num'>{show(l, l.current)}</Text>
          <Text className='fz-report__num'>{before(l, l.previous)}</Text>
          <Change line={l} />
        </View>
      ))}
      {handouts.map(({ m, now, was }) => (
        <View key={m.id} className='fz-row fz-report__tr'>
          <Text className='fz-report__label'>{zhOfficial.report.handouts(m.name)}</Text>
          <Text className='fz-report__num'>{now}</Text>
          <Text className='fz-report__num'>{compare ? was : '—'}</Text>
          <Change line={{ unit: '份', change: compare ? now - was : null }} />
        </View>
      ))}
    </View>
  )
}

function PhotoChoice({ photo, picked, onToggle }: { photo: ReportPhoto; picked: boolean; onToggle: () => void }) {
  const src = useMediaSrc(photo.sha256)
  return (
    <View
      id={`report-photo-${photo.sha256.slice(0, 12)}`}
      className={`fz-report__photo${picked ? ' fz-report__photo--picked' : ''}`}
      onClick={onToggle}
    >
      {src ? <Image className='fz-report__img' src={src} mode='aspectFill' /> : <View className='fz-report__img' />}
      {picked && <View className='fz-report__tick'>✓</View>}
      <View className='fz-report__caption'>
        {photo.date.slice(5)} {photo.doorplate}
      </View>
    </View>
  )
}

export default function ReportPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  // The month running now: its figures as of today are what an official opening 月报 looks for first.
  const [month, setMonth] = useState(() => chinaMonth(Date.now()))
  const [summary, setSummary] = useState('')
  const [picked, setPicked] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  // The month on screen stays while another loads; a month that cannot be shown leaves only the error.
  const report = useEndpoint(API.monthlyReport, user ? { query: { areaId, month } } : null, { keep: true })
  const { loading, error } = report
  const draft = error ? null : report.data

  // Each draft that comes in starts from its own default 工作总结 and no photos.
  useEffect(() => {
    if (!report.data) return
    setSummary(report.data.summary)
    setPicked([])
  }, [report.data])

  if (!user) return <Placeholder />

  const toggle = (sha: string) => {
    if (picked.includes(sha)) return setPicked(picked.filter((s) => s !== sha))
    if (picked.length >= REPORT_PHOTO_LIMIT) return void Taro.showToast({ title: zhOfficial.report.photoLimit(REPORT_PHOTO_LIMIT), icon: 'none' })
    setPicked([...picked, sha])
  }

  const downloadDocx = async () => {
    if (!draft) return
    if (!summary.trim()) return void Taro.showToast({ title: zhOfficial.report.summaryEmpty, icon: 'none' })
    setBusy(true)
    const body = { areaId: draft.area.id, month: draft.month, summary, photoIds: picked }
    const file = `${draft.area.name}反诈宣传工作月报_${draft.month.replace('-', '')}.docx`.replace(/[\\/:*?"<>|\s]+/g, '_')
    const ok = await download(API.monthlyReportDocx, { body }, file).catch(() => false)
    setBusy(false)
    if (!ok) void Taro.showToast({ title: zhOfficial.report.downloadFailed, icon: 'none' })
  }

  const thisMonth = chinaMonth(Date.now())
  const asOf = draft ? Date.parse(draft.asOf) : 0
  return (
    <View className='fz-page'>
      <View className='fz-title' id='report-title'>
        {draft?.title ?? zhOfficial.report.title}
      </View>
      <View className='fz-row fz-report__month'>
        <Text className='fz-label'>{zhOfficial.report.month}</Text>
        <Picker mode='date' fields='month' value={month} end={thisMonth} onChange={(e) => setMonth(String(e.detail.value).slice(0, 7))}>
          <View className='fz-input fz-report__picker' id='report-month'>
            {month}
          </View>
        </Picker>
      </View>

      {error && (
        <View className='fz-card fz-error' id='report-error'>
          {error}
        </View>
      )}
      {!draft && loading && <View className='fz-empty'>{zh.common.loading}</View>}

      {draft && (
        <View>
          <View className='fz-muted'>
            {draft.month === thisMonth ? zhOfficial.report.asOfNow(formatChinaTime(asOf)) : zhOfficial.report.asOfEnd(String(Number(draft.month.slice(5))))}
          </View>
          <Figures draft={draft} />
          {draft.spotChecks && draft.spotChecks.rows.length > 0 && (
            <View className='fz-card' id='report-spot-checks'>
              <View className='fz-label'>{zhSpotChecks.reportTitle(draft.spotChecks.thresholdPct)}</View>
              {draft.spotChecks.rows.map((r) => (
                <View key={r.areaId} id={`report-spot-${r.areaId}`} className={r.marked ? 'fz-error' : 'fz-muted'}>
                  {zhSpotChecks.reportLine(r.name, r)}
                </View>
              ))}
            </View>
          )}

          <Text className='fz-label'>{zhOfficial.report.summary}</Text>
          <Textarea
            {...fieldId('report-summary')}
            className='fz-textarea fz-report__summary'
            value={summary}
            maxlength={REPORT_SUMMARY_MAX}
            onInput={(e) => setSummary(e.detail.value)}
          />
          <View className='fz-muted'>
            {summary.length}/{REPORT_SUMMARY_MAX}
          </View>

          <View className='fz-section-title'>{zhOfficial.report.photos(picked.length, REPORT_PHOTO_LIMIT)}</View>
          {draft.photos.length === 0 ? (
            <View className='fz-muted'>{zhOfficial.report.noPhotos}</View>
          ) : (
            <View>
              <View className='fz-muted'>{zhOfficial.report.photosHint}</View>
              <View className='fz-report__photos' id='report-photos'>
                {draft.photos.map((p) => (
                  <PhotoChoice key={p.sha256} photo={p} picked={picked.includes(p.sha256)} onToggle={() => toggle(p.sha256)} />
                ))}
              </View>
            </View>
          )}

          <Btn id='report-download' className='fz-report__download' disabled={busy} onClick={() => void downloadDocx()}>
            {busy ? zhOfficial.report.downloading : zhOfficial.report.download}
          </Btn>
        </View>
      )}
    </View>
  )
}
