// 投诉建议: a form and the sender's own items with their answers, for every role and for a resident who comes from
// the signing page (their link's token is the credential); town officials and the county admin also answer here.
import { useState, type ReactNode } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import * as API from '@core/api/endpoints/feedback'
import { formatChinaTime } from '@core/china-time'
import { FEEDBACK_CATEGORIES, FEEDBACK_CATEGORY_LABELS, FEEDBACK_MAX_CHARS, FEEDBACK_STATUSES, FEEDBACK_STATUS_LABELS, type FeedbackCategory, type FeedbackStatus } from '@core/feedback'
import { uuidv7 } from '@core/ids'
import type { FeedbackItem } from '@core/schemas/feedback'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useEndpoint } from '../../components/use-endpoint'
import { useSignedIn } from '../../components/use-session'
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
}

const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : zh.common.unknownError)

/** The form; `withPhone` for a resident, who may leave a number to be called back. Resolves once sent. */
function FeedbackForm({ withPhone, onSend }: { withPhone: boolean; onSend: (d: Draft) => Promise<void> }) {
  const [category, setCategory] = useState<FeedbackCategory>('suggestion')
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
      await onSend({ id, category, text: body, contactPhone })
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
          <Text key={c} id={`fb-cat-${c}`} className={`fz-fb__chip ${category === c ? 'fz-fb__chip--on' : ''}`} onClick={() => setCategory(c)}>
            {FEEDBACK_CATEGORY_LABELS[c]}
          </Text>
        ))}
      </View>
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
        <Text className='fz-grow fz-fb__category'>{FEEDBACK_CATEGORY_LABELS[item.category]}</Text>
        <Text className={`fz-fb__status fz-fb__status--${item.status}`}>{FEEDBACK_STATUS_LABELS[item.status]}</Text>
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
          <Text key={s ?? 'all'} id={`fb-status-${s ?? 'all'}`} className={`fz-fb__chip ${status === s ? 'fz-fb__chip--on' : ''}`} onClick={() => setStatus(s)}>
            {s ? FEEDBACK_STATUS_LABELS[s] : t.all}
          </Text>
        ))}
      </View>
      {list.error && <View className='fz-error'>{list.error}</View>}
      <ItemList items={list.data?.items} render={(i) => <AnswerBox item={i} onDone={replace} />} />
    </View>
  )
}

function SignedInFeedback() {
  const user = useSignedIn()
  const answers = user?.role === 'town_official' || user?.role === 'county_admin'
  const [tab, setTab] = useState<'mine' | 'inbox'>('mine')
  const mine = useEndpoint(API.myFeedback, user ? {} : null)
  if (!user) return <Placeholder />
  const send = async (d: Draft) => {
    const item = await call(API.sendFeedback, { body: { id: d.id, category: d.category, text: d.text } })
    mine.setData((prev) => ({ items: [item, ...(prev?.items ?? []).filter((i) => i.id !== item.id)] }))
  }
  return (
    <View className='fz-page'>
      {answers && (
        <View className='fz-row fz-fb__tabs'>
          <Text id='fb-tab-mine' className={`fz-fb__tab ${tab === 'mine' ? 'fz-fb__tab--on' : ''}`} onClick={() => setTab('mine')}>
            {t.mine}
          </Text>
          <Text id='fb-tab-inbox' className={`fz-fb__tab ${tab === 'inbox' ? 'fz-fb__tab--on' : ''}`} onClick={() => setTab('inbox')}>
            {t.inbox}
          </Text>
        </View>
      )}
      {tab === 'inbox' && answers ? (
        <Inbox />
      ) : (
        <View>
          <View className='fz-muted fz-fb__intro'>{t.intro}</View>
          <FeedbackForm withPhone={false} onSend={send} />
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

export default function FeedbackPage() {
  const token = useRouter().params.token
  return token ? <ResidentFeedback token={token} /> : <SignedInFeedback />
}
