// 行动与目标: the campaign's name and phases (editable by the town or county that set it up) and the area's targets
// with where each comes from (本级设定 / 继承自县…), to change a percentage or go back to the inherited one.
import { useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { API } from '@core/api'
import type { Me } from '@core/schemas/auth'
import { errorMessage } from '@core/errors'
import {
  CampaignInputSchema,
  MAX_PHASES,
  NewCampaignInputSchema,
  phasesProblem,
  type CampaignResponse,
  type PhaseInput,
} from '@core/schemas/targets'
import { INDICATORS, chinaDate, type Indicator } from '@core/targets'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { call, messageOf } from '../../stores/api'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { zhOfficial } from '../../locales/official'
import { TARGETS_CHANGED } from './events'
import ProofSettings from './proof-settings'
import { zhProof } from '../../locales/proof'
import './index.css'

type Target = CampaignResponse['targets'][number]
const t = zhOfficial.targetEdit
const EDITORS = new Set(['town_official', 'county_admin'])

/**
 * One save at a time: `submit` runs the call, hands its answer to `onDone` with a toast, or shows why it failed.
 * `setError` is for what the form itself finds wrong before sending.
 */
function useSubmit(onDone: (c: CampaignResponse) => void, doneTitle: string) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const submit = async (request: () => Promise<CampaignResponse>) => {
    setBusy(true)
    setError(null)
    try {
      onDone(await request())
      void Taro.showToast({ title: doneTitle, icon: 'success' })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return { busy, error, setError, submit }
}

function DateField({ id, label, value, onChange }: { id: string; label: string; value: string; onChange: (v: string) => void }) {
  return (
    <View className='fz-tgt__date'>
      <Text className='fz-muted'>{label}</Text>
      <Picker mode='date' value={value} onChange={(e) => onChange(String(e.detail.value))}>
        <View className='fz-input fz-tgt__picker' id={id}>
          {value}
        </View>
      </Picker>
    </View>
  )
}

/** The phase rows (name, from, to) with 添加阶段 / 删除, shared by editing and 新建宣传行动. */
function PhaseList({ phases, setPhases, prefix = '' }: { phases: PhaseInput[]; setPhases: (ps: PhaseInput[]) => void; prefix?: string }) {
  const edit = (i: number, patch: Partial<PhaseInput>) => setPhases(phases.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  const add = () => {
    const day = phases[phases.length - 1]?.endsOn ?? chinaDate(Date.now())
    setPhases([...phases, { name: '', startsOn: day, endsOn: day }])
  }
  return (
    <View>
      <Text className='fz-label'>{t.phases}</Text>
      {phases.map((p, i) => (
        <View key={i} className='fz-tgt__phase' id={`${prefix}phase-${i}`}>
          <View className='fz-row'>
            <Input
              {...fieldId(`${prefix}phase-name-${i}`)}
              className='fz-input fz-grow'
              maxlength={20}
              placeholder={t.phaseName(i + 1)}
              value={p.name}
              onInput={(e) => edit(i, { name: e.detail.value })}
            />
            {phases.length > 1 && (
              <Btn id={`${prefix}phase-remove-${i}`} className='fz-btn--small fz-btn--plain fz-tgt__remove' onClick={() => setPhases(phases.filter((_, j) => j !== i))}>
                {t.removePhase}
              </Btn>
            )}
          </View>
          <View className='fz-row'>
            <DateField id={`${prefix}phase-start-${i}`} label={t.from} value={p.startsOn} onChange={(v) => edit(i, { startsOn: v })} />
            <DateField id={`${prefix}phase-end-${i}`} label={t.to} value={p.endsOn} onChange={(v) => edit(i, { endsOn: v })} />
          </View>
        </View>
      ))}
      {phases.length < MAX_PHASES ? (
        <Btn id={`${prefix}phase-add`} className='fz-btn--small fz-btn--plain' onClick={add}>
          {t.addPhase}
        </Btn>
      ) : (
        <View className='fz-muted'>{t.maxPhases(MAX_PHASES)}</View>
      )}
    </View>
  )
}

function CampaignEditor({ data, onSaved }: { data: CampaignResponse; onSaved: (c: CampaignResponse) => void }) {
  const [name, setName] = useState(data.campaign.name)
  const [phases, setPhases] = useState<PhaseInput[]>(data.phases.map(({ name: n, startsOn, endsOn }) => ({ name: n, startsOn, endsOn })))
  const { busy, error, setError, submit } = useSubmit(onSaved, t.saved)
  const save = () => {
    // The server checks the same; checking here first gives the plain message without the field path.
    const input = CampaignInputSchema.safeParse({ areaId: data.areaId, name, phases })
    if (!input.success) return setError(input.error.issues[0].message)
    const problem = phasesProblem(input.data.phases)
    if (problem) return setError(errorMessage(problem))
    void submit(() => call(API.updateCampaign, { body: input.data }))
  }
  return (
    <View className='fz-card' id='tgt-campaign'>
      <Text className='fz-label'>{t.name}</Text>
      <Input {...fieldId('campaign-name')} className='fz-input' maxlength={60} value={name} onInput={(e) => setName(e.detail.value)} />
      <PhaseList phases={phases} setPhases={setPhases} />
      {error && (
        <View className='fz-error' id='campaign-error'>
          {error}
        </View>
      )}
      <Btn id='campaign-save' className='fz-btn--primary fz-btn--block fz-tgt__save' disabled={busy} onClick={save}>
        {t.saveCampaign}
      </Btn>
    </View>
  )
}

const DAY = 86_400_000

/** 筹划准备 / 集中宣传 / 评估考核 from today, as a starting point to adjust. */
function defaultPhases(now: number): PhaseInput[] {
  const day = (n: number) => chinaDate(now + n * DAY)
  return [
    { name: '筹划准备', startsOn: day(0), endsOn: day(14) },
    { name: '集中宣传', startsOn: day(15), endsOn: day(135) },
    { name: '评估考核', startsOn: day(136), endsOn: day(180) },
  ]
}

/** 新建宣传行动 for the official's own town or county: name, phases and optional targets due at the campaign's end. */
function NewCampaignForm({ onCreated, onCancel }: { onCreated: (c: CampaignResponse) => void; onCancel?: () => void }) {
  const [name, setName] = useState('')
  const [phases, setPhases] = useState<PhaseInput[]>(() => defaultPhases(Date.now()))
  const [pcts, setPcts] = useState<Partial<Record<Indicator, string>>>({})
  const { busy, error, setError, submit } = useSubmit(onCreated, t.created)
  const save = () => {
    const deadline = phases[phases.length - 1]?.endsOn
    const targets = INDICATORS.filter((i) => (pcts[i] ?? '').trim() !== '').map((indicator) => ({ indicator, targetPct: Number(pcts[indicator]), deadline }))
    if (targets.some((x) => !Number.isFinite(x.targetPct))) return setError(t.pctInvalid)
    const input = NewCampaignInputSchema.safeParse({ name, phases, targets })
    if (!input.success) return setError(input.error.issues[0].message)
    const problem = phasesProblem(input.data.phases)
    if (problem) return setError(errorMessage(problem))
    void submit(() => call(API.createCampaign, { body: input.data }))
  }
  return (
    <View className='fz-card' id='tgt-new'>
      <View className='fz-tgt__name'>{t.createTitle}</View>
      <Text className='fz-label'>{t.name}</Text>
      <Input {...fieldId('new-campaign-name')} className='fz-input' maxlength={60} value={name} onInput={(e) => setName(e.detail.value)} />
      <PhaseList phases={phases} setPhases={setPhases} prefix='new-' />
      <Text className='fz-label'>{t.newTargets}</Text>
      {INDICATORS.map((i) => (
        <View key={i} className='fz-row fz-tgt__line fz-tgt__new-target'>
          <Text className='fz-grow'>{zhOfficial.targets.indicators[i]}</Text>
          <Input
            {...fieldId(`new-pct-${i}`)}
            className='fz-input fz-tgt__pct'
            type='digit'
            maxlength={5}
            placeholder='%'
            value={pcts[i] ?? ''}
            onInput={(e) => setPcts((p) => ({ ...p, [i]: e.detail.value }))}
          />
        </View>
      ))}
      {error && (
        <View className='fz-error' id='new-campaign-error'>
          {error}
        </View>
      )}
      <View className='fz-row fz-tgt__save'>
        {onCancel && (
          <Btn id='new-campaign-cancel' className='fz-btn--plain fz-grow fz-tgt__cancel' onClick={onCancel}>
            {t.cancel}
          </Btn>
        )}
        <Btn id='new-campaign-save' className='fz-btn--primary fz-grow' disabled={busy} onClick={save}>
          {t.createSave}
        </Btn>
      </View>
    </View>
  )
}

function CampaignView({ data }: { data: CampaignResponse }) {
  return (
    <View className='fz-card' id='tgt-campaign'>
      <View className='fz-tgt__name'>{data.campaign.name}</View>
      {data.phases.map((p) => (
        <View key={p.name + p.startsOn} className='fz-row fz-tgt__line'>
          <Text className='fz-grow'>
            {p.name}
            {p.current && <Text className='fz-tag fz-tag--visited fz-tgt__current'>{t.current}</Text>}
          </Text>
          <Text className='fz-muted'>
            {p.startsOn.slice(2)} ~ {p.endsOn.slice(2)}
          </Text>
        </View>
      ))}
      <View className='fz-muted fz-tgt__hint'>{t.readOnlyCampaign}</View>
    </View>
  )
}

function TargetRow({ target, areaId, editable, onSaved }: { target: Target; areaId: string; editable: boolean; onSaved: (c: CampaignResponse) => void }) {
  const key = `${target.indicator}-${target.deadline}`
  const [pct, setPct] = useState(String(target.targetPct))
  const { busy, error, setError, submit } = useSubmit(onSaved, t.saved)
  useEffect(() => setPct(String(target.targetPct)), [target.targetPct])
  const own = target.setByAreaId === areaId
  const save = () => {
    const value = Number(pct)
    if (pct.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return setError(t.pctInvalid)
    void submit(() => call(API.setTarget, { body: { areaId, indicator: target.indicator, deadline: target.deadline, targetPct: value } }))
  }
  const restore = async () => {
    const from = target.inherited
    if (!from) return
    const ok = await Taro.showModal({ title: t.restore, content: t.restoreConfirm(from.targetPct, t.levels[from.setByLevel]) })
    if (ok.confirm) void submit(() => call(API.restoreTarget, { query: { areaId, indicator: target.indicator, deadline: target.deadline } }))
  }
  return (
    <View className='fz-tgt__target' id={`tgt-${key}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-tgt__indicator'>{zhOfficial.targets.indicators[target.indicator]}</Text>
        <Text className={`fz-tag ${own ? 'fz-tag--pending' : 'fz-tgt__tag--inherited'}`}>{own ? t.setHere : t.inherited(t.levels[target.setByLevel])}</Text>
      </View>
      <View className='fz-muted'>
        {t.deadline(target.deadline)}
        {target.inherited && ` · ${t.inheritedValue(target.inherited.targetPct, t.levels[target.inherited.setByLevel])}`}
      </View>
      {editable ? (
        <View className='fz-row fz-tgt__edit'>
          <Text className='fz-tgt__pct-label'>{t.pct}</Text>
          <Input {...fieldId(`tgt-pct-${key}`)} className='fz-input fz-tgt__pct' type='digit' maxlength={5} value={pct} onInput={(e) => setPct(e.detail.value)} />
          <Btn id={`tgt-save-${key}`} className='fz-btn--small' disabled={busy} onClick={save}>
            {t.save}
          </Btn>
          {own && target.inherited && (
            <Btn id={`tgt-restore-${key}`} className='fz-btn--small fz-btn--plain fz-tgt__restore' disabled={busy} onClick={() => void restore()}>
              {t.restore}
            </Btn>
          )}
        </View>
      ) : (
        <View className='fz-tgt__pct-read'>
          {t.pct} {target.targetPct}
        </View>
      )}
      {error && <View className='fz-error'>{error}</View>}
    </View>
  )
}

const canEditCampaign = (user: Me, data: CampaignResponse) => EDITORS.has(user.role) && data.campaign.areaId === user.areaId
const canEditTargets = (user: Me, data: CampaignResponse) => EDITORS.has(user.role) && data.areaLevel !== 'grid'

export default function TargetsPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const current = useEndpoint(API.currentCampaign, user ? { query: { areaId } } : null)
  const { data, setData } = current
  // No campaign yet is a state of the area, not a failure.
  const none = current.failure?.code === 'NOT_FOUND'
  const error = none ? null : current.error
  const [creating, setCreating] = useState(false)

  useEffect(() => {
    if (data) void Taro.setNavigationBarTitle({ title: `${data.areaName} · ${t.title}` })
  }, [data])

  if (!user) return <Placeholder />
  const saved = (next: CampaignResponse) => {
    setData(() => next)
    setCreating(false)
    Taro.eventCenter.trigger(TARGETS_CHANGED)
  }
  // A new campaign is set up for the official's own area, so only offered on that area's page.
  const mayCreate = EDITORS.has(user.role) && (!areaId || areaId === user.areaId)
  return (
    <View className='fz-page'>
      <View className='fz-title'>{data?.areaName ?? ''}</View>
      <View className='fz-muted'>{t.title}</View>
      {error && (
        <View className='fz-card fz-error' id='tgt-error'>
          {error}
        </View>
      )}
      {!data && !error && !none && <View className='fz-empty'>{zh.common.loading}</View>}
      {none && !data && (
        <View>
          <View className='fz-card' id='tgt-none'>
            <View className='fz-tgt__name'>{t.none}</View>
            {mayCreate && <View className='fz-muted'>{t.noneHint}</View>}
          </View>
          {mayCreate && <NewCampaignForm onCreated={saved} />}
        </View>
      )}
      {data && (
        <View>
          <View className='fz-section-title'>{t.campaign}</View>
          {canEditCampaign(user, data) ? <CampaignEditor data={data} onSaved={saved} /> : <CampaignView data={data} />}
          <View className='fz-section-title'>{t.targets}</View>
          <View className='fz-card' id='tgt-targets'>
            {data.targets.map((x) => (
              <TargetRow key={`${x.indicator}-${x.deadline}`} target={x} areaId={data.areaId} editable={canEditTargets(user, data)} onSaved={saved} />
            ))}
            {!canEditTargets(user, data) && <View className='fz-muted fz-tgt__hint'>{t.readOnlyTargets}</View>}
          </View>
          <View className='fz-section-title'>{zhProof.settings.title}</View>
          <ProofSettings key={data.campaign.id} data={data} editable={user.role === 'county_admin'} onSaved={saved} />
          {mayCreate &&
            (creating ? (
              <NewCampaignForm onCreated={saved} onCancel={() => setCreating(false)} />
            ) : (
              <Btn id='campaign-new' className='fz-btn--plain fz-btn--block' onClick={() => setCreating(true)}>
                {t.create}
              </Btn>
            ))}
        </View>
      )}
    </View>
  )
}
