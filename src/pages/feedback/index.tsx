// 投诉建议: a form and the sender's own items with their answers, for every role and for a resident who comes from
// the signing page (their link's token is the credential); town officials and the county admin also answer here.
import { useState, type ReactNode } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import * as DR from '@core/api/endpoints/data-requests'
import * as API from '@core/api/endpoints/feedback'
import { formatChinaTime } from '@core/china-time'
import { DATA_REQUEST_DECISION_LABELS, DATA_REQUEST_KINDS, DATA_REQUEST_LABELS, type DataRequestDecision, type DataRequestKind } from '@core/data-request'
import { FEEDBACK_CATEGORIES, FEEDBACK_CATEGORY_LABELS, FEEDBACK_MAX_CHARS, FEEDBACK_STATUSES, FEEDBACK_STATUS_LABELS, type FeedbackCategory, type FeedbackStatus } from '@core/feedback'
import { uuidv7 } from '@core/ids'
import type { DataRequest, FeedbackItem } from '@core/schemas/feedback'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useEndpoint } from '../../components/use-endpoint'
import { useSignedIn } from '../../components/use-session'
import { withTypeScale } from '../../components/type-scale'
import { ApiError, call } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { randomBytes } from '../../platform/random'
import { zh } from '../../locales/zh-CN'
import { zhFeedback as t } from '../../locales/feedback'
import './index.css'

interface Draft {
  id: string
  category: FeedbackCategory
  text: string
  contactPhone: string | null
  /** With 个人信息: 查阅 / 更正 / 撤回. */
  request: DataRequestKind | null
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : zh.common.unknownError)

/** The form; `withPhone` for a resident, who may leave a number to be called back. Resolves once sent. */
function FeedbackForm({ withPhone, initialCategory, onSend }: { withPhone: boolean; initialCategory?: FeedbackCategory; onSend: (d: Draft) => Promise<void> }) {
  const [category, setCategory] = useState<FeedbackCategory>(initialCategory ?? 'suggestion')
  const [request, setRequest] = useState<DataRequestKind>('see')
  const [text, setText] = useState('')
  const [phone, setPhone] = useState('')
  // One id per draft, so a resend after a lost answer is the same item.
  const [id, setId] = useState(() => uuidv7(Date.now(), randomBytes))
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const send = async () => {
    const body = text.trim()
    const contactPhone = phone.trim() || null
    if (!body) return setError(t.errors.text)
    if (body.length > FEEDBACK_MAX_CHARS) return setError(t.errors.tooLong)
    if (contactPhone && !/^1\d{10}$/.test(contactPhone)) return setError(t.errors.phone)
    setBusy(true)
    setError(null)
    try {
      await onSend({ id, category, text: body, contactPhone, request: category === 'personal_info' ? request : null })
      setText('')
      setPhone('')
      setId(uuidv7(Date.now(), randomBytes))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='fz-card fz-fb__form'>
      <Text className='fz-label'>{t.category}</Text>
      <View className='fz-fb__chips'>
        {FEEDBACK_CATEGORIES.map((c) => (
          <Text key={c} id={`fb-cat-${c}`} className={`fz-chip ${category === c ? 'fz-chip--on' : ''}`} onClick={() => setCategory(c)}>
            {FEEDBACK_CATEGORY_LABELS[c]}
          </Text>
        ))}
      </View>
      {category === 'personal_info' && (
        <View>
          <Text className='fz-label'>{t.request}</Text>
          <View className='fz-fb__chips'>
            {DATA_REQUEST_KINDS.map((k) => (
              <Text key={k} id={`fb-req-${k}`} className={`fz-chip ${request === k ? 'fz-chip--on' : ''}`} onClick={() => setRequest(k)}>
                {t.requestLabel(DATA_REQUEST_LABELS[k])}
              </Text>
            ))}
          </View>
          <View className='fz-muted'>{t.requestHint[request]}</View>
        </View>
      )}
      <Text className='fz-label'>{t.text}</Text>
      <Textarea {...fieldId('fb-text')} className='fz-textarea' value={text} maxlength={FEEDBACK_MAX_CHARS} placeholder={t.textPlaceholder} onInput={(e) => setText(e.detail.value)} />
      {withPhone && (
        <View>
          <Text className='fz-label'>{t.phone}</Text>
          <Input {...fieldId('fb-phone')} className='fz-input' type='number' maxlength={11} value={phone} placeholder={t.phonePlaceholder} onInput={(e) => setPhone(e.detail.value)} />
        </View>
      )}
      {error && (
        <View className='fz-error' id='fb-error'>
          {error}
        </View>
      )}
      <Btn id='fb-send' className='fz-btn--primary fz-btn--block fz-fb__send' disabled={busy} onClick={() => void send()}>
        {busy ? t.sending : t.send}
      </Btn>
    </View>
  )
}

function FeedbackCard({ item, children }: { item: FeedbackItem; children?: ReactNode }) {
  return (
    <View className='fz-card fz-fb__item' id={`fb-item-${item.id}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-fb__category'>
          {item.request ? t.requestLabel(DATA_REQUEST_LABELS[item.request]) : FEEDBACK_CATEGORY_LABELS[item.category]}
        </Text>
        <Text className={`fz-fb__status fz-fb__status--${item.status}`} id={`fb-status-of-${item.id}`}>
          {item.decision ? DATA_REQUEST_DECISION_LABELS[item.decision] : FEEDBACK_STATUS_LABELS[item.status]}
        </Text>
      </View>
      <View className='fz-muted'>
        {t.from(item.doorplate ? `${item.fromName}（${item.doorplate}）` : item.fromName, item.areaName)} · {formatChinaTime(item.createdAt)}
      </View>
      {item.contactPhone && <View className='fz-muted'>{t.phoneShown(item.contactPhone)}</View>}
      <View className='fz-fb__text'>{item.text}</View>
      {item.answer && (
        <View className='fz-fb__answer' id={`fb-answer-text-${item.id}`}>
          <View>{item.answer}</View>
          {item.answeredBy && item.answeredAt !== null && <View className='fz-muted'>{t.answerBy(item.answeredBy, formatChinaTime(item.answeredAt))}</View>}
        </View>
      )}
      {children}
    </View>
  )
}

function ItemList({ items, render }: { items: FeedbackItem[] | undefined; render?: (i: FeedbackItem) => ReactNode }) {
  if (!items) return <View className='fz-empty'>{zh.common.loading}</View>
  if (items.length === 0) return <View className='fz-empty'>{t.empty}</View>
  return (
    <View>
      {items.map((i) => (
        <FeedbackCard key={i.id} item={i}>
          {render?.(i)}
        </FeedbackCard>
      ))}
    </View>
  )
}

/** An official's 答复 under an item: mark it 处理中, or answer and close it. */
function AnswerBox({ item, onDone }: { item: FeedbackItem; onDone: (i: FeedbackItem) => void }) {
  const [answer, setAnswer] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const save = async (status: FeedbackStatus) => {
    setBusy(true)
    setError(null)
    try {
      onDone(await call(API.answerFeedback, { params: { id: item.id }, body: { status, answer: answer.trim() || null } }))
      setAnswer('')
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  if (item.status === 'answered') return null
  if (item.request) return <View className='fz-muted'>{t.decideInRequests}</View>
  return (
    <View className='fz-fb__answer-box'>
      <Textarea {...fieldId(`fb-answer-${item.id}`)} className='fz-textarea' value={answer} maxlength={FEEDBACK_MAX_CHARS} placeholder={t.answerPlaceholder} onInput={(e) => setAnswer(e.detail.value)} />
      {error && <View className='fz-error'>{error}</View>}
      <View className='fz-row'>
        {item.status === 'pending' && (
          <Btn id={`fb-progress-${item.id}`} className='fz-btn--small' disabled={busy} onClick={() => void save('in_progress')}>
            {t.markInProgress}
          </Btn>
        )}
        <Btn id={`fb-reply-${item.id}`} className='fz-btn--small fz-btn--primary fz-fb__reply' disabled={busy} onClick={() => void save('answered')}>
          {t.reply}
        </Btn>
      </View>
    </View>
  )
}

/** What the town or county received, by status, each with its 答复. */
function Inbox() {
  const [status, setStatus] = useState<FeedbackStatus | undefined>('pending')
  const list = useEndpoint(API.feedbackList, { query: { status } })
  const replace = (next: FeedbackItem) => list.setData((prev) => prev && { items: prev.items.map((i) => (i.id === next.id ? next : i)) })
  return (
    <View>
      <View className='fz-fb__chips'>
        {[undefined, ...FEEDBACK_STATUSES].map((s) => (
          <Text key={s ?? 'all'} id={`fb-status-${s ?? 'all'}`} className={`fz-chip ${status === s ? 'fz-chip--on' : ''}`} onClick={() => setStatus(s)}>
            {s ? FEEDBACK_STATUS_LABELS[s] : t.all}
          </Text>
        ))}
      </View>
      {list.error && <View className='fz-error'>{list.error}</View>}
      <ItemList items={list.data?.items} render={(i) => <AnswerBox item={i} onDone={replace} />} />
    </View>
  )
}

/** 处理 under a 个人信息 request: what is held, then 答复, 更正 the signer's name, or 撤回 the pledge. */
function DecideBox({ request, onDone }: { request: DataRequest; onDone: (r: DataRequest) => void }) {
  const { item, pledge } = request
  const [answer, setAnswer] = useState('')
  const [name, setName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const decide = async (decision: DataRequestDecision) => {
    const text = answer.trim()
    if (!text) return setError(t.errors.answer)
    if (decision === 'corrected' && name.trim().length < 2) return setError(t.errors.name)
    setBusy(true)
    setError(null)
    try {
      onDone(await call(DR.decideDataRequest, { params: { id: item.id }, body: { decision, answer: text, signerName: decision === 'corrected' ? name.trim() : null } }))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='fz-fb__answer-box'>
      {pledge ? (
        <View className='fz-fb__pledge' id={`dr-pledge-${item.id}`}>
          {t.pledgeHeld(pledge.signerName, pledge.doorplate, formatChinaTime(pledge.signedAt), pledge.verificationCode)}
          {pledge.withdrawn && <Text className='fz-fb__withdrawn'> {t.withdrawn}</Text>}
        </View>
      ) : (
        <View className='fz-muted'>{t.noPledge}</View>
      )}
      {item.decision === null && (
        <View>
          <Textarea {...fieldId(`dr-answer-${item.id}`)} className='fz-textarea' value={answer} maxlength={FEEDBACK_MAX_CHARS} placeholder={t.decideAnswerPlaceholder} onInput={(e) => setAnswer(e.detail.value)} />
          {item.request === 'correct' && pledge && (
            <Input {...fieldId(`dr-name-${item.id}`)} className='fz-input' type='text' maxlength={20} value={name} placeholder={t.correctNamePlaceholder} onInput={(e) => setName(e.detail.value)} />
          )}
          {error && <View className='fz-error'>{error}</View>}
          <View className='fz-row'>
            <Btn id={`dr-answer-send-${item.id}`} className='fz-btn--small' disabled={busy} onClick={() => void decide('answered')}>
              {t.decideAnswer}
            </Btn>
            {item.request === 'correct' && pledge && (
              <Btn id={`dr-correct-${item.id}`} className='fz-btn--small fz-fb__reply' disabled={busy} onClick={() => void decide('corrected')}>
                {t.decideCorrect}
              </Btn>
            )}
            {item.request === 'withdraw' && pledge && (
              <Btn id={`dr-withdraw-${item.id}`} className='fz-btn--small fz-btn--primary fz-fb__reply' disabled={busy} onClick={() => void decide('withdrawn')}>
                {t.decideWithdraw}
              </Btn>
            )}
          </View>
        </View>
      )}
    </View>
  )
}

/** 个人信息申请 of the official's area: undecided first, or all. */
function Requests() {
  const [open, setOpen] = useState<'true' | 'false'>('true')
  const list = useEndpoint(DR.dataRequestList, { query: { open } })
  const replace = (next: DataRequest) => list.setData((prev) => prev && { items: prev.items.map((r) => (r.item.id === next.item.id ? next : r)) })
  const items = list.data?.items
  return (
    <View>
      <View className='fz-muted fz-fb__intro'>{t.requestsIntro}</View>
      <View className='fz-fb__chips'>
        {(['true', 'false'] as const).map((o) => (
          <Text key={o} id={`dr-open-${o}`} className={`fz-chip ${open === o ? 'fz-chip--on' : ''}`} onClick={() => setOpen(o)}>
            {o === 'true' ? t.undecided : t.all}
          </Text>
        ))}
      </View>
      {list.error && <View className='fz-error'>{list.error}</View>}
      {!items ? (
        <View className='fz-empty'>{zh.common.loading}</View>
      ) : items.length === 0 ? (
        <View className='fz-empty'>{t.noRequests}</View>
      ) : (
        items.map((r) => (
          <FeedbackCard key={r.item.id} item={r.item}>
            <DecideBox request={r} onDone={replace} />
          </FeedbackCard>
        ))
      )}
    </View>
  )
}

function SignedInFeedback() {
  const user = useSignedIn()
  const recordId = useRouter().params.recordId ?? null
  const answers = user?.role === 'town_official' || user?.role === 'county_admin'
  const decides = answers || user?.role === 'village_head'
  const [tab, setTab] = useState<'mine' | 'inbox' | 'requests'>('mine')
  const mine = useEndpoint(API.myFeedback, user ? {} : null)
  if (!user) return <Placeholder />
  const send = async (d: Draft) => {
    const item = await call(API.sendFeedback, { body: { id: d.id, category: d.category, text: d.text, request: d.request, recordId: d.request ? recordId : null } })
    mine.setData((prev) => ({ items: [item, ...(prev?.items ?? []).filter((i) => i.id !== item.id)] }))
  }
  return (
    <View className='fz-page'>
      {decides && (
        <View className='fz-row fz-fb__tabs'>
          <Text id='fb-tab-mine' className={`fz-fb__tab ${tab === 'mine' ? 'fz-fb__tab--on' : ''}`} onClick={() => setTab('mine')}>
            {t.mine}
          </Text>
          {answers && (
            <Text id='fb-tab-inbox' className={`fz-fb__tab ${tab === 'inbox' ? 'fz-fb__tab--on' : ''}`} onClick={() => setTab('inbox')}>
              {t.inbox}
            </Text>
          )}
          <Text id='fb-tab-requests' className={`fz-fb__tab ${tab === 'requests' ? 'fz-fb__tab--on' : ''}`} onClick={() => setTab('requests')}>
            {t.requests}
          </Text>
        </View>
      )}
      {tab === 'inbox' && answers ? (
        <Inbox />
      ) : tab === 'requests' && decides ? (
        <Requests />
      ) : (
        <View>
          <View className='fz-muted fz-fb__intro'>{t.intro}</View>
          {recordId && <View className='fz-muted fz-fb__intro' id='fb-for-pledge'>{t.forPledge}</View>}
          <FeedbackForm withPhone={false} initialCategory={recordId ? 'personal_info' : undefined} onSend={send} />
          <View className='fz-title fz-fb__heading'>{t.mine}</View>
          {mine.error && <View className='fz-error'>{mine.error}</View>}
          <ItemList items={mine.data?.items} />
        </View>
      )}
    </View>
  )
}

function ResidentFeedback({ token }: { token: string }) {
  const mine = useEndpoint(API.publicFeedbackList, { params: { token } })
  if (mine.failure?.code === 'FEEDBACK_LINK_INVALID') {
    return (
      <View className='fz-page'>
        <View className='fz-error' id='fb-link-invalid'>
          {t.linkInvalid}
        </View>
      </View>
    )
  }
  const send = async (d: Draft) => {
    const item = await call(API.publicSendFeedback, { params: { token }, body: d })
    mine.setData((prev) => ({ items: [item, ...(prev?.items ?? []).filter((i) => i.id !== item.id)] }))
  }
  return (
    <View className='fz-page'>
      <View className='fz-muted fz-fb__intro'>{t.residentIntro}</View>
      <FeedbackForm withPhone onSend={send} />
      <View className='fz-title fz-fb__heading'>{t.mine}</View>
      {mine.error && <View className='fz-error'>{mine.error}</View>}
      <ItemList items={mine.data?.items} />
    </View>
  )
}

function FeedbackPage() {
  const token = useRouter().params.token
  return token ? <ResidentFeedback token={token} /> : <SignedInFeedback />
}

export default withTypeScale(FeedbackPage)
