// 行动与目标: the campaign's name and phases (editable by the town or county that set it up) and the area's targets
// with where each comes from (本级设定 / 继承自县…), to change a percentage or go back to the inherited one.
import { useCallback, useEffect, useState } from 'react'
import { Input, Picker, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import type { Me } from '@core/schemas/auth'
import { errorMessage } from '@core/errors'
import { CampaignInputSchema, CampaignResponseSchema, MAX_PHASES, phasesProblem, type CampaignResponse, type PhaseInput } from '@core/schemas/targets'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useAuthStore } from '../../stores/auth'
import { callApi, messageOf } from '../../stores/api'
import { withQuery } from '../../pages/routes'
import { fieldId } from '../../platform/field-id'
import { zh } from '../../locales/zh-CN'
import { TARGETS_CHANGED } from './events'
import './index.css'

type Target = CampaignResponse['targets'][number]
const t = zh.targetEdit
const EDITORS = new Set(['town_official', 'county_admin'])

function send(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<CampaignResponse> {
  return callApi(CampaignResponseSchema, { method, path, body, token: useAuthStore.getState().token })
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

function CampaignEditor({ data, onSaved }: { data: CampaignResponse; onSaved: (c: CampaignResponse) => void }) {
  const [name, setName] = useState(data.campaign.name)
  const [phases, setPhases] = useState<PhaseInput[]>(data.phases.map(({ name: n, startsOn, endsOn }) => ({ name: n, startsOn, endsOn })))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const edit = (i: number, patch: Partial<PhaseInput>) => setPhases((ps) => ps.map((p, j) => (j === i ? { ...p, ...patch } : p)))
  const add = () => {
    const last = phases[phases.length - 1]
    const day = last?.endsOn ?? data.campaign.startsOn
    setPhases([...phases, { name: '', startsOn: day, endsOn: day }])
  }
  const save = async () => {
    // The server checks the same; checking here first gives the plain message without the field path.
    const input = CampaignInputSchema.safeParse({ areaId: data.areaId, name, phases })
    if (!input.success) return setError(input.error.issues[0].message)
    const problem = phasesProblem(input.data.phases)
    if (problem) return setError(errorMessage(problem))
    setBusy(true)
    setError(null)
    try {
      onSaved(await send('PUT', '/api/v1/campaigns/current', input.data))
      void Taro.showToast({ title: t.saved, icon: 'success' })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='fz-card' id='tgt-campaign'>
      <Text className='fz-label'>{t.name}</Text>
      <Input {...fieldId('campaign-name')} className='fz-input' maxlength={60} value={name} onInput={(e) => setName(e.detail.value)} />
      <Text className='fz-label'>{t.phases}</Text>
      {phases.map((p, i) => (
        <View key={i} className='fz-tgt__phase' id={`phase-${i}`}>
          <View className='fz-row'>
            <Input
              {...fieldId(`phase-name-${i}`)}
              className='fz-input fz-grow'
              maxlength={20}
              placeholder={t.phaseName(i + 1)}
              value={p.name}
              onInput={(e) => edit(i, { name: e.detail.value })}
            />
            {phases.length > 1 && (
              <Btn id={`phase-remove-${i}`} className='fz-btn--small fz-btn--plain fz-tgt__remove' onClick={() => setPhases(phases.filter((_, j) => j !== i))}>
                {t.removePhase}
              </Btn>
            )}
          </View>
          <View className='fz-row'>
            <DateField id={`phase-start-${i}`} label={t.from} value={p.startsOn} onChange={(v) => edit(i, { startsOn: v })} />
            <DateField id={`phase-end-${i}`} label={t.to} value={p.endsOn} onChange={(v) => edit(i, { endsOn: v })} />
          </View>
        </View>
      ))}
      {phases.length < MAX_PHASES ? (
        <Btn id='phase-add' className='fz-btn--small fz-btn--plain' onClick={add}>
          {t.addPhase}
        </Btn>
      ) : (
        <View className='fz-muted'>{t.maxPhases(MAX_PHASES)}</View>
      )}
      {error && (
        <View className='fz-error' id='campaign-error'>
          {error}
        </View>
      )}
      <Btn id='campaign-save' className='fz-btn--primary fz-btn--block fz-tgt__save' disabled={busy} onClick={() => void save()}>
        {t.saveCampaign}
      </Btn>
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
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => setPct(String(target.targetPct)), [target.targetPct])
  const own = target.setByAreaId === areaId
  const run = async (call: () => Promise<CampaignResponse>) => {
    setBusy(true)
    setError(null)
    try {
      onSaved(await call())
      void Taro.showToast({ title: t.saved, icon: 'success' })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }
  const save = () => {
    const value = Number(pct)
    if (pct.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) return setError(t.pctInvalid)
    void run(() => send('PUT', '/api/v1/targets', { areaId, indicator: target.indicator, deadline: target.deadline, targetPct: value }))
  }
  const restore = async () => {
    const from = target.inherited
    if (!from) return
    const ok = await Taro.showModal({ title: t.restore, content: t.restoreConfirm(from.targetPct, t.levels[from.setByLevel]) })
    if (ok.confirm) void run(() => send('DELETE', withQuery('/api/v1/targets', { areaId, indicator: target.indicator, deadline: target.deadline })))
  }
  return (
    <View className='fz-tgt__target' id={`tgt-${key}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-tgt__indicator'>{zh.targets.indicators[target.indicator]}</Text>
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
  const [data, setData] = useState<CampaignResponse | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    setError(null)
    try {
      setData(await callApi(CampaignResponseSchema, { method: 'GET', path: withQuery('/api/v1/campaigns/current', { areaId }), token: useAuthStore.getState().token }))
    } catch (err) {
      setError(messageOf(err))
    }
  }, [areaId])

  useEffect(() => {
    if (user) void load()
  }, [user, load])

  useEffect(() => {
    if (data) void Taro.setNavigationBarTitle({ title: `${data.areaName} · ${t.title}` })
  }, [data])

  if (!user) return <Placeholder />
  const saved = (next: CampaignResponse) => {
    setData(next)
    Taro.eventCenter.trigger(TARGETS_CHANGED)
  }
  return (
    <View className='fz-page'>
      <View className='fz-title'>{data?.areaName ?? ''}</View>
      <View className='fz-muted'>{t.title}</View>
      {error && (
        <View className='fz-card fz-error' id='tgt-error'>
          {error}
        </View>
      )}
      {!data && !error && <View className='fz-empty'>{zh.common.loading}</View>}
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
        </View>
      )}
    </View>
  )
}
