// 佐证要求 (#13, only the proof that is needed): which install steps need a screenshot, whether a 见面宣传 visit needs
// a photo and whether a visit's position is recorded. The county admin edits them; everyone else sees them.
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { GPS_MODES, GPS_MODE_LABEL, type ProofPolicy } from '@core/proof-policy'
import { INSTALL_STEPS, INSTALL_STEP_LABEL, type InstallStep } from '@core/schemas/install'
import type { CampaignResponse } from '@core/schemas/targets'
import Btn from '../../components/btn'
import { call, messageOf } from '../../stores/api'
import { zhProof } from '../../locales/proof'

const t = zhProof.settings

function Tick({ id, on, label, onClick }: { id: string; on: boolean; label: string; onClick?: () => void }) {
  return (
    <View id={id} className={`fz-row fz-tgt__tick ${on ? 'fz-tgt__tick--on' : ''}`} onClick={onClick}>
      <View className='fz-tgt__box'>{on ? '✓' : ''}</View>
      <Text>{label}</Text>
    </View>
  )
}

export default function ProofSettings({ data, editable, onSaved }: { data: CampaignResponse; editable: boolean; onSaved: (c: CampaignResponse) => void }) {
  const [proof, setProof] = useState<ProofPolicy>(data.proof)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const toggleStep = (step: InstallStep) =>
    setProof((p) => ({ ...p, screenshotSteps: p.screenshotSteps.includes(step) ? p.screenshotSteps.filter((s) => s !== step) : INSTALL_STEPS.filter((s) => s === step || p.screenshotSteps.includes(s)) }))

  const save = async () => {
    setBusy(true)
    setError(null)
    try {
      onSaved(await call(API.setProofPolicy, { body: { areaId: data.areaId, proof } }))
      void Taro.showToast({ title: t.saved, icon: 'none' })
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  if (!editable) {
    const p = data.proof
    return (
      <View className='fz-card' id='tgt-proof'>
        <View className='fz-muted'>
          {t.screenshotSteps}：{p.screenshotSteps.length ? p.screenshotSteps.map((s) => INSTALL_STEP_LABEL[s]).join('、') : t.no}
        </View>
        <View className='fz-muted'>
          {t.visitPhoto}：{p.visitPhoto ? t.yes : t.no}
        </View>
        <View className='fz-muted'>
          {t.gps}：{GPS_MODE_LABEL[p.gps]}
        </View>
        <View className='fz-muted fz-tgt__hint'>{t.readOnly}</View>
      </View>
    )
  }
  return (
    <View className='fz-card' id='tgt-proof'>
      <View className='fz-muted'>{t.intro}</View>
      <Text className='fz-label'>{t.screenshotSteps}</Text>
      {INSTALL_STEPS.map((s) => (
        <Tick key={s} id={`proof-step-${s}`} on={proof.screenshotSteps.includes(s)} label={INSTALL_STEP_LABEL[s]} onClick={() => toggleStep(s)} />
      ))}
      <Text className='fz-label'>{t.visitPhoto}</Text>
      <Tick id='proof-visit-photo' on={proof.visitPhoto} label={t.visitPhotoTick} onClick={() => setProof((p) => ({ ...p, visitPhoto: !p.visitPhoto }))} />
      <Text className='fz-label'>{t.gps}</Text>
      {GPS_MODES.map((m) => (
        <Tick key={m} id={`proof-gps-${m}`} on={proof.gps === m} label={GPS_MODE_LABEL[m]} onClick={() => setProof((p) => ({ ...p, gps: m }))} />
      ))}
      {error && <View className='fz-error'>{error}</View>}
      <Btn id='proof-save' className='fz-btn--primary fz-btn--block' disabled={busy} onClick={() => void save()}>
        {t.save}
      </Btn>
    </View>
  )
}
