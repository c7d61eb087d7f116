// 核查队列 of a village (or town, or the county): records the server flagged, by village with the oldest first; one
// opens with its content, what was seen in plain words, the two pictures of a reused screenshot side by side, and
// 核实 / 不属实 (with a reason) / 撤销. Below, conflicting versions of one record side by side, decided either way.
import { useEffect, useState } from 'react'
import { Image, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { decideConflict, decideRecord, recordReview, reviewQueue, undoDecision } from '@core/api/endpoints/review'
import { formatChinaTime } from '@core/china-time'
import { REVIEW_STATE_LABEL } from '@core/review'
import type { RecordReviewResponse, ReviewConflict, ReviewFlag, ReviewRecord } from '@core/schemas/review'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { useMediaSrc } from '../../components/use-media-src'
import { previewImage } from '../../platform/preview-image'
import { fieldId } from '../../platform/field-id'
import { call, messageOf } from '../../stores/api'
import { zh } from '../../locales/zh-CN'
import { zhReview as t } from '../../locales/review'
import '../components/household-list/index.css'
import { REVIEW_CHANGED } from './events'
import './index.css'

const PAGE_SIZE = 50
const time = (iso: string) => formatChinaTime(Date.parse(iso))

/** Villages in the order of their oldest record, each with its records oldest first (the queue's order). */
function byVillage(records: ReviewRecord[]): { villageId: string; villageName: string; records: ReviewRecord[] }[] {
  const groups = new Map<string, { villageId: string; villageName: string; records: ReviewRecord[] }>()
  for (const r of records) {
    const g = groups.get(r.villageId) ?? { villageId: r.villageId, villageName: r.villageName, records: [] }
    g.records.push(r)
    groups.set(r.villageId, g)
  }
  return [...groups.values()]
}

function Picture({ sha, caption }: { sha: string; caption: string }) {
  const src = useMediaSrc(sha)
  return (
    <View className='fz-review__pic' id={`review-pic-${sha.slice(0, 12)}`}>
      {src ? <Image className='fz-review__img' src={src} mode='aspectFit' onClick={() => previewImage(src)} /> : <View className='fz-review__img fz-review__img--none'>{zh.media.noPreview}</View>}
      <View className='fz-muted fz-review__caption'>{caption}</View>
    </View>
  )
}

function Flag({ f }: { f: ReviewFlag }) {
  return (
    <View className='fz-review__flag' id={`review-flag-${f.kind}`}>
      <Text className='fz-tag fz-review__flag-label'>{f.label}</Text>
      <View>{f.description}</View>
      {f.pair && (
        <View className='fz-row fz-review__pair' id='review-pair'>
          <Picture sha={f.pair.sha} caption={t.thisPicture} />
          <Picture sha={f.pair.otherSha} caption={t.otherPicture(f.pair.otherDoorplate, f.pair.otherResidentName)} />
        </View>
      )}
    </View>
  )
}

function Lines({ r }: { r: ReviewRecord }) {
  return (
    <View className='fz-card'>
      {r.fields.map((l) => (
        <View key={l.label} className='fz-row fz-review__line'>
          <Text className='fz-review__label'>{l.label}</Text>
          <Text className='fz-grow'>{l.value}</Text>
        </View>
      ))}
    </View>
  )
}

function QueueItem({ r, onOpen }: { r: ReviewRecord; onOpen: () => void }) {
  return (
    <View id={`review-item-${r.recordId}`} className='fz-card fz-row fz-hl__row fz-hl__row--red' onClick={onOpen}>
      <View className='fz-grow'>
        <View className='fz-hl__door'>
          {r.kindLabel} · {r.doorplate}
        </View>
        {r.fields[0] && (
          <View className='fz-muted'>
            {r.fields[0].label}：{r.fields[0].value}
          </View>
        )}
        <View className='fz-review__flag-names'>{r.flags.map((f) => f.label).join('、')}</View>
        <View className='fz-muted'>
          {t.by(r.authorName, r.gridName)} · {t.received(time(r.receivedAt))}
        </View>
      </View>
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

function RecordView({ id, onBack, onChanged }: { id: string; onBack: () => void; onChanged: () => void }) {
  const view = useEndpoint(recordReview, { params: { id } })
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const act = async (run: () => Promise<RecordReviewResponse>, done: string) => {
    setBusy(true)
    setError(null)
    try {
      const next = await run()
      view.setData(() => next)
      setNotice(done)
      setComment('')
      onChanged()
      Taro.eventCenter.trigger(REVIEW_CHANGED)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const markFalse = async () => {
    if (!comment.trim()) return setError(t.commentRequired)
    const { confirm } = await Taro.showModal({ title: t.markFalse, content: t.falseConfirm })
    if (confirm) await act(() => call(decideRecord, { params: { id }, body: { decision: 'false', comment } }), t.falsified)
  }

  const data = view.data
  const r = data?.record
  const paired = new Set(r?.flags.flatMap((f) => (f.pair ? [f.pair.sha] : [])) ?? [])
  return (
    <View className='fz-page'>
      <Btn id='review-back' className='fz-btn--small fz-btn--plain' onClick={onBack}>
        ‹ {t.back}
      </Btn>
      {(error ?? view.error) && (
        <View className='fz-card fz-error' id='review-error'>
          {error ?? view.error}
        </View>
      )}
      {!r && view.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {r && data && (
        <View id='review-record'>
          <View className='fz-row fz-hl__head'>
            <View className='fz-grow'>
              <View className='fz-title'>
                {r.kindLabel} · {r.doorplate}
              </View>
              <View className='fz-muted'>
                {zh.household.head}：{r.headName} · {t.by(r.authorName, r.gridName)}
              </View>
            </View>
            <Text className='fz-tag' id='review-state'>
              {r.stateLabel}
            </Text>
          </View>
          {notice && (
            <View className='fz-card' id='review-notice'>
              {notice}
            </View>
          )}
          <Lines r={r} />
          {r.flags.length > 0 && (
            <View className='fz-card'>
              <View className='fz-section-title'>{t.why}</View>
              {r.flags.map((f) => (
                <Flag key={f.kind} f={f} />
              ))}
            </View>
          )}
          {r.mediaShas.some((s) => !paired.has(s)) && (
            <View className='fz-card'>
              <View className='fz-section-title'>{t.pictures}</View>
              <View className='fz-row fz-review__pair'>
                {r.mediaShas
                  .filter((s) => !paired.has(s))
                  .map((s) => (
                    <Picture key={s} sha={s} caption='' />
                  ))}
              </View>
            </View>
          )}
          <View className='fz-card'>
            <Text className='fz-label'>{t.commentLabel}</Text>
            <Textarea {...fieldId('review-comment')} className='fz-textarea' value={comment} maxlength={500} onInput={(e) => setComment(e.detail.value)} />
            <View className='fz-row fz-review__actions'>
              <Btn id='review-verify' className='fz-btn--small' disabled={busy || r.state === 'verified'} onClick={() => void act(() => call(decideRecord, { params: { id }, body: { decision: 'verified', comment } }), t.verified)}>
                {t.verify}
              </Btn>
              <Btn id='review-false' className='fz-btn--small fz-btn--primary' disabled={busy || r.state === 'false'} onClick={() => void markFalse()}>
                {t.markFalse}
              </Btn>
              {data.canUndo && (
                <Btn id='review-undo' className='fz-btn--small fz-btn--plain' disabled={busy} onClick={() => void act(() => call(undoDecision, { params: { id }, body: { comment } }), t.undone)}>
                  {t.undo}
                </Btn>
              )}
            </View>
          </View>
          <View className='fz-card' id='review-history'>
            <View className='fz-section-title'>{t.history}</View>
            {data.history.map((e, i) => (
              <View key={i} className='fz-muted fz-review__event'>
                {time(e.at)} {e.byName} {t.sources[e.source] ?? e.source}：{REVIEW_STATE_LABEL[e.from]} → {REVIEW_STATE_LABEL[e.to]}
                {e.comment && `（${e.comment}）`}
              </View>
            ))}
          </View>
        </View>
      )}
    </View>
  )
}

function ConflictCard({ c, busy, onDecide }: { c: ReviewConflict; busy: boolean; onDecide: (c: ReviewConflict, d: 'first' | 'second') => void }) {
  return (
    <View className='fz-card' id={`review-conflict-${c.recordId}`}>
      <View className='fz-hl__door'>
        {c.kindLabel} · {c.doorplate}
      </View>
      <View className='fz-muted'>{t.by(c.authorName, c.gridName)}</View>
      <View className='fz-row fz-review__line fz-review__line--head'>
        <Text className='fz-review__label' />
        <Text className='fz-grow fz-review__col'>
          {t.storedVersion}（{time(c.storedReceivedAt)}）
        </Text>
        <Text className='fz-grow fz-review__col'>
          {t.newVersion}（{time(c.conflictReceivedAt)}）
        </Text>
      </View>
      {c.lines.map((l) => (
        <View key={l.label} className={`fz-row fz-review__line${l.differs ? ' fz-review__line--differs' : ''}`}>
          <Text className='fz-review__label'>{l.label}</Text>
          <Text className='fz-grow fz-review__col'>{l.stored}</Text>
          <Text className='fz-grow fz-review__col'>{l.conflicting}</Text>
        </View>
      ))}
      <View className='fz-row fz-review__actions'>
        <Btn id={`review-conflict-first-${c.recordId}`} className='fz-btn--small' disabled={busy} onClick={() => onDecide(c, 'first')}>
          {t.keepFirst}
        </Btn>
        <Btn id={`review-conflict-second-${c.recordId}`} className='fz-btn--small' disabled={busy} onClick={() => onDecide(c, 'second')}>
          {t.takeSecond}
        </Btn>
      </View>
    </View>
  )
}

export default function ReviewPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const list = useEndpoint(reviewQueue, user ? { query: { areaId, limit: PAGE_SIZE } } : null)
  const [openId, setOpenId] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const areaName = list.data?.area.name ?? ''

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${t.title}` })
  }, [areaName])

  const onDecideConflict = async (c: ReviewConflict, decision: 'first' | 'second') => {
    setBusy(true)
    setError(null)
    try {
      await call(decideConflict, { params: { id: c.conflictId }, body: { decision } })
      setNotice(decision === 'first' ? t.keptFirst : t.tookSecond)
      list.setData((prev) => prev && { ...prev, conflicts: prev.conflicts.filter((x) => x.conflictId !== c.conflictId) })
      Taro.eventCenter.trigger(REVIEW_CHANGED)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  if (!user) return <Placeholder />
  if (openId) return <RecordView id={openId} onBack={() => setOpenId(null)} onChanged={list.refresh} />
  const data = list.data
  const next = data?.next ?? null
  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted'>{t.title}</View>
        </View>
        <Btn id='review-refresh' className='fz-btn--small' disabled={list.loading} onClick={list.refresh}>
          {zh.common.refresh}
        </Btn>
      </View>
      <View className='fz-card fz-muted'>{t.intro}</View>
      {notice && (
        <View className='fz-card' id='review-notice'>
          {notice}
        </View>
      )}
      {(error ?? list.error) && (
        <View className='fz-card fz-error' id='review-error'>
          {error ?? list.error}
        </View>
      )}
      {!data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {data && data.records.length === 0 && <View className='fz-empty'>{t.empty}</View>}
      <View id='review-list'>
        {data &&
          byVillage(data.records).map((g) => (
            <View key={g.villageId} id={`review-village-${g.villageId}`}>
              <View className='fz-section-title'>{g.villageName}</View>
              {g.records.map((r) => (
                <QueueItem key={r.recordId} r={r} onOpen={() => setOpenId(r.recordId)} />
              ))}
            </View>
          ))}
      </View>
      {next && (
        <Btn
          id='review-more'
          className='fz-btn--block'
          disabled={list.loading}
          onClick={() => list.more({ query: { areaId, limit: PAGE_SIZE, after: next } }, (prev, page) => ({ ...page, records: [...prev.records, ...page.records], conflicts: prev.conflicts }))}
        >
          {t.more}
        </Btn>
      )}
      {data && data.conflicts.length > 0 && (
        <View id='review-conflicts'>
          <View className='fz-section-title'>{t.conflictsTitle}</View>
          <View className='fz-card fz-muted'>{t.conflictIntro}</View>
          {data.conflicts.map((c) => (
            <ConflictCard key={c.conflictId} c={c} busy={busy} onDecide={(x, d) => void onDecideConflict(x, d)} />
          ))}
        </View>
      )}
    </View>
  )
}
