// 逐案倒查 for town officials and the county: the cases of the area with their verdict, 新增案件 (date, scam type,
// amount, the victim found by name, doorplate or phone tail), and one case's back-check (opened with ?id=): what the
// outreach had reached before the case date, each record with its date and worker, 不属实 ones marked.
import { useEffect, useState } from 'react'
import { Input, Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { createFraudCase, fraudCaseBackCheck, fraudCases, fraudVictimSearch } from '@core/api/endpoints/fraud-cases'
import { chinaDate, formatChinaTime } from '@core/china-time'
import { OUTCOME_LABEL } from '@core/coverage'
import { formatFen, yuanToFen } from '@core/money'
import { SCAM_TYPES, SCAM_TYPE_LABEL, type ScamType } from '@core/scam-types'
import type { BackCheck, BackCheckEntry, FraudCase, VictimHousehold } from '@core/schemas/fraud-case'
import { INSTALL_STEP_LABEL } from '@core/schemas/install'
import type { Me } from '@core/schemas/auth'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhFraudCases as t } from '../../locales/fraud-cases'
import '../components/household-list/index.css'
import './index.css'

const PAGE_SIZE = 50

const isTownOrCounty = (user: Me) => user.role === 'town_official' || user.role === 'county_admin'

function victimText(c: FraudCase): string {
  return `${c.residentName ?? t.householdOnly} · ${c.villageName} ${c.doorplate}（${t.head(c.headName)}）`
}

function CaseItem({ c }: { c: FraudCase }) {
  return (
    <View
      id={`case-${c.id}`}
      className={`fz-card fz-row fz-hl__row fz-hl__row--${c.reached ? 'green' : 'red'}`}
      onClick={() => void Taro.navigateTo({ url: url.fraudCases(undefined, c.id) })}
    >
      <View className='fz-grow'>
        <View className='fz-hl__door'>
          {c.caseDate} · {SCAM_TYPE_LABEL[c.scamType]} · {formatFen(c.amountFen)}
        </View>
        <View className='fz-muted'>{victimText(c)}</View>
      </View>
      <Text className={`fz-tag ${c.reached ? 'fz-tag--visited' : 'fz-tag--never'}`}>{c.reached ? t.reachedTag : t.notReachedTag}</Text>
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

/** The victim picked: a member of a household, or the household alone. */
interface Victim {
  householdId: string
  residentId: string | null
  label: string
}

function VictimSearch({ areaId, victim, onPick }: { areaId?: string; victim: Victim | null; onPick: (v: Victim) => void }) {
  const [q, setQ] = useState('')
  const [asked, setAsked] = useState<string | null>(null)
  const found = useEndpoint(fraudVictimSearch, asked ? { query: { q: asked, areaId } } : null)
  const pick = (h: VictimHousehold, r: VictimHousehold['residents'][number] | null) =>
    onPick({ householdId: h.id, residentId: r?.id ?? null, label: `${r?.name ?? t.householdOnly} · ${h.villageName} ${h.doorplate}` })
  return (
    <View className='fz-fc__field'>
      <Text className='fz-label'>{t.victim}</Text>
      <View className='fz-row'>
        <Input {...fieldId('case-victim-q')} className='fz-input fz-grow' value={q} placeholder={t.searchPlaceholder} maxlength={40} onInput={(e) => setQ(e.detail.value)} />
        <Btn id='case-victim-search' className='fz-btn--small fz-fc__search' disabled={!q.trim()} onClick={() => setAsked(q.trim())}>
          {t.search}
        </Btn>
      </View>
      {victim && (
        <View className='fz-fc__chosen' id='case-victim-chosen'>
          {t.chosen(victim.label)}
        </View>
      )}
      {found.error && <View className='fz-error'>{found.error}</View>}
      {found.data?.households.length === 0 && <View className='fz-muted'>{t.searchNone}</View>}
      {found.data?.more && <View className='fz-muted'>{t.searchMore}</View>}
      {found.data?.households.map((h) => (
        <View key={h.id} className='fz-fc__household' id={`victim-household-${h.id}`}>
          <View className='fz-fc__door'>
            {h.villageName} {h.doorplate} · {t.head(h.headName)}
          </View>
          {h.residents.map((r) => (
            <View key={r.id} id={`victim-${r.id}`} className='fz-fc__option' onClick={() => pick(h, r)}>
              {r.name} {t.age(r.age)} {r.phone ?? ''}
            </View>
          ))}
          <View id={`victim-household-only-${h.id}`} className='fz-fc__option fz-muted' onClick={() => pick(h, null)}>
            {t.householdOnly}
          </View>
        </View>
      ))}
    </View>
  )
}

function NewCaseForm({ areaId, onCancel }: { areaId?: string; onCancel: () => void }) {
  const today = chinaDate(Date.now())
  const [caseDate, setCaseDate] = useState(today)
  const [scamType, setScamType] = useState<ScamType | null>(null)
  const [amount, setAmount] = useState('')
  const [victim, setVictim] = useState<Victim | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const save = async () => {
    const amountFen = yuanToFen(amount)
    if (!scamType) return setError(t.scamTypeRequired)
    if (amountFen === null) return setError(t.amountInvalid)
    if (!victim) return setError(t.victimRequired)
    setBusy(true)
    setError(null)
    try {
      const created = await call(createFraudCase, { body: { caseDate, scamType, amountFen, householdId: victim.householdId, residentId: victim.residentId, note } })
      void Taro.showToast({ title: t.saved, icon: 'success' })
      void Taro.redirectTo({ url: url.fraudCases(undefined, created.id) })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='fz-card' id='case-new'>
      <View className='fz-title'>{t.add}</View>
      <View className='fz-fc__field'>
        <Text className='fz-label'>{t.caseDate}</Text>
        <Picker mode='date' value={caseDate} end={today} onChange={(e) => setCaseDate(String(e.detail.value))}>
          <View className='fz-input' id='case-date'>
            {caseDate}
          </View>
        </Picker>
      </View>
      <View className='fz-fc__field'>
        <Text className='fz-label'>{t.scamType}</Text>
        <View className='fz-fc__types'>
          {SCAM_TYPES.map((s) => (
            <Text key={s} id={`scam-${s}`} className={`fz-chip ${scamType === s ? 'fz-chip--on' : ''}`} onClick={() => setScamType(s)}>
              {SCAM_TYPE_LABEL[s]}
            </Text>
          ))}
        </View>
      </View>
      <View className='fz-fc__field'>
        <Text className='fz-label'>{t.amount}</Text>
        <Input {...fieldId('case-amount')} className='fz-input' type='digit' value={amount} placeholder={t.amountPlaceholder} maxlength={14} onInput={(e) => setAmount(e.detail.value)} />
      </View>
      <VictimSearch areaId={areaId} victim={victim} onPick={setVictim} />
      <View className='fz-fc__field'>
        <Text className='fz-label'>{t.note}</Text>
        <Textarea {...fieldId('case-note')} className='fz-textarea' value={note} maxlength={200} onInput={(e) => setNote(e.detail.value)} />
      </View>
      {error && (
        <View className='fz-error' id='case-error'>
          {error}
        </View>
      )}
      <View className='fz-row fz-fc__buttons'>
        <Btn id='case-save' className='fz-btn--primary fz-grow' disabled={busy} onClick={() => void save()}>
          {t.save}
        </Btn>
        <Btn className='fz-btn--small fz-fc__cancel' onClick={onCancel}>
          {t.cancel}
        </Btn>
      </View>
    </View>
  )
}

interface Line {
  key: string
  date: string
  text: string
  entry: BackCheckEntry
}

/** Every record of the back-check as one dated line, oldest first. */
function linesOf(b: BackCheck): Line[] {
  const lines: Line[] = [
    ...b.visits.map((v) => ({ key: `v-${v.recordId}`, date: v.date, text: `${t.kinds.visit}（${v.outcome ? OUTCOME_LABEL[v.outcome] : ''}）`, entry: v })),
    ...b.pledges.map((p) => ({ key: `p-${p.recordId}`, date: p.date, text: `${t.kinds.pledge}（${t.signer(p.signerName)}）`, entry: p })),
    ...b.handouts.map((h) => ({ key: `h-${h.recordId}`, date: h.date, text: `${t.kinds.handout}（${h.materials}）`, entry: h })),
    ...b.installSteps.map((s) => ({ key: `i-${s.recordId}-${s.step}`, date: s.date, text: `${t.kinds.install}${INSTALL_STEP_LABEL[s.step]}`, entry: s })),
  ]
  return lines.sort((a, b2) => a.date.localeCompare(b2.date))
}

function BackCheckView({ id }: { id: string }) {
  const check = useEndpoint(fraudCaseBackCheck, { params: { id } })
  const b = check.data
  if (check.error) return <View className='fz-card fz-error'>{check.error}</View>
  if (!b) return <View className='fz-empty'>{zh.common.loading}</View>
  const c = b.case
  const lines = linesOf(b)
  return (
    <View id='case-check'>
      <View className='fz-card'>
        <View className='fz-title'>
          {c.caseDate} · {SCAM_TYPE_LABEL[c.scamType]}
        </View>
        <View>{formatFen(c.amountFen)}</View>
        <View className='fz-muted'>{victimText(c)}</View>
        {c.note && <View className='fz-muted'>{c.note}</View>}
        <View className='fz-muted'>{t.entered(c.createdByName, formatChinaTime(Date.parse(c.createdAt)))}</View>
      </View>
      <View id='case-verdict' className={`fz-card fz-fc__verdict fz-fc__verdict--${c.reached ? 'yes' : 'no'}`}>
        <View className='fz-title'>{c.reached ? t.reached : t.notReached}</View>
        <View className='fz-muted'>{t.reachHow}</View>
      </View>
      <View className='fz-section-title'>{t.beforeTitle(c.caseDate)}</View>
      {lines.length === 0 && <View className='fz-muted'>{t.nothingBefore}</View>}
      <View id='case-timeline'>
        {lines.map((l) => (
          <View key={l.key} id={`check-${l.key}`} className={`fz-card fz-fc__line ${l.entry.untrue ? 'fz-fc__line--untrue' : ''}`}>
            <View className='fz-row'>
              <Text className='fz-fc__date'>{l.date}</Text>
              <Text className='fz-grow'>{l.text}</Text>
              {l.entry.untrue && <Text className='fz-tag fz-tag--never'>{t.untrue}</Text>}
              {l.entry.receivedAfterCase && <Text className='fz-tag fz-tag--pending'>{t.late}</Text>}
            </View>
            <View className='fz-muted'>{t.by(l.entry.byName)}</View>
          </View>
        ))}
      </View>
      {!c.residentId && <View className='fz-muted'>{t.noResident}</View>}
    </View>
  )
}

function CaseList({ areaId }: { areaId?: string }) {
  const [adding, setAdding] = useState(false)
  const list = useEndpoint(fraudCases, { query: { areaId, limit: PAGE_SIZE } })
  const areaName = list.data?.area.name ?? ''
  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${t.title}` })
  }, [areaName])
  const next = list.data?.next ?? null
  return (
    <View>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted'>{t.title}</View>
        </View>
        {!adding && (
          <Btn id='case-add' className='fz-btn--small fz-btn--primary' onClick={() => setAdding(true)}>
            {t.add}
          </Btn>
        )}
        <Btn id='cases-refresh' className='fz-btn--small' disabled={list.loading} onClick={list.refresh}>
          {zh.common.refresh}
        </Btn>
      </View>
      {adding && <NewCaseForm areaId={areaId} onCancel={() => setAdding(false)} />}
      {list.error && <View className='fz-card fz-error'>{list.error}</View>}
      {!list.data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {list.data && list.data.cases.length === 0 && <View className='fz-empty'>{t.empty}</View>}
      <View id='cases-list'>{list.data?.cases.map((c) => <CaseItem key={c.id} c={c} />)}</View>
      {next && (
        <Btn
          id='cases-more'
          className='fz-btn--block'
          disabled={list.loading}
          onClick={() => list.more({ query: { areaId, limit: PAGE_SIZE, before: next } }, (prev, page) => ({ ...page, cases: [...prev.cases, ...page.cases] }))}
        >
          {t.more}
        </Btn>
      )}
    </View>
  )
}

export default function FraudCasesPage() {
  const user = useOfficial()
  const { areaId, id } = useRouter().params
  if (!user) return <Placeholder />
  if (!isTownOrCounty(user)) return <View className='fz-page fz-empty'>{t.onlyTownCounty}</View>
  return <View className='fz-page'>{id ? <BackCheckView id={id} /> : <CaseList areaId={areaId} />}</View>
}
