// One resident: who they are, the full phone number (the worker's own grid), the three install steps with their
// dates and this phone's proof screenshots, and the form to record steps. The record id is made once per form, so
// a double tap on 保存 stores one record; after saving, the form starts afresh with a new id.
import { useMemo, useState } from 'react'
import { Picker, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { APP_LAUNCH_DATE } from '@core/app-launch'
import { installProgress, missingSteps } from '@core/install-progress'
import { INSTALL_STEPS, INSTALL_STEP_LABEL, InstallBodySchema, inTargetAge, type InstallStep } from '@core/schemas/install'
import Btn from '../../components/btn'
import MediaThumb from '../../components/media-thumb'
import PhotoPicker from '../../components/photo-picker'
import Placeholder from '../../components/placeholder'
import SaveBar from '../../components/save-bar'
import { useWorker } from '../../components/use-session'
import { useRecordForm } from '../../components/use-record-form'
import { withTypeScale } from '../../components/type-scale'
import { proofPolicy, residentsOf, useSyncStore } from '../../stores/sync'
import { installProofProblem } from '@core/proof-policy'
import { zhProof } from '../../locales/proof'
import { fieldId } from '../../platform/field-id'
import { callPhone } from '../../platform/phone'
import { showDeviceFailure } from '../../platform/device-notice'
import { scrollToFirstError } from '../../platform/scroll'
import { zh } from '../../locales/zh-CN'
import './index.css'

const t = zh.resident

/** Closing the call sheet says nothing; a call that cannot be made leaves the number to dial by hand. */
async function call(phone: string): Promise<void> {
  const res = await callPhone(phone)
  if (!res.ok) await showDeviceFailure(res, t.callFailed(phone))
}

const NOTES_MAX = 200
const MAX_SHOTS = 6

type Errors = Partial<Record<keyof typeof t.errors, string>>

const pad = (n: number) => String(n).padStart(2, '0')
/** The phone's calendar date, YYYY-MM-DD: what the worker means by "today". */
const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

function ResidentPage() {
  const user = useWorker()
  const { id = '', householdId = '' } = useRouter().params
  const households = useSyncStore((s) => s.households)
  const items = useSyncStore((s) => s.items)
  const loaded = useSyncStore((s) => s.loaded)
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const resident = useMemo(() => (household ? residentsOf(householdId).find((r) => r.id === id) : undefined), [household, householdId, id])
  const progress = useMemo(() => (resident ? installProgress(resident, items) : null), [resident, items])
  const records = useMemo(
    () => items.filter((i) => i.record.kind === 'install' && i.record.body.residentId === id).reverse(),
    [items, id],
  )

  const form = useRecordForm('install', householdId, t.saveFailedTitle)
  /** Ticked steps and their dates. */
  const [ticked, setTicked] = useState<Partial<Record<InstallStep, string>>>({})
  const [shots, setShots] = useState<string[]>([])
  /** 居民不愿截图 (#13): the resident's choice, recorded as such rather than forced or left as a missing proof. */
  const [declined, setDeclined] = useState(false)
  const [policy] = useState(proofPolicy)
  const [notes, setNotes] = useState('')
  const [errors, setErrors] = useState<Errors>({})

  if (!user) return <Placeholder />
  if (!household || !resident || !progress) return <Placeholder text={loaded ? t.notFound : zh.common.loading} />

  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() // China time, as on the household page
  const target = inTargetAge(resident.birthYear, year)
  const missing = missingSteps(progress)
  /** Whether the ticked steps need a screenshot under the campaign's settings (none ticked: as if all were). */
  const tickedSteps = INSTALL_STEPS.filter((s) => ticked[s])
  const needsShot = (tickedSteps.length ? tickedSteps : INSTALL_STEPS).some((s) => policy.screenshotSteps.includes(s))

  const toggle = (step: InstallStep) => {
    setTicked((cur) => {
      const next = { ...cur }
      if (next[step]) delete next[step]
      else next[step] = today()
      return next
    })
    setErrors((e) => ({ ...e, steps: undefined, doneOn: undefined }))
  }

  const save = async () => {
    const saved = await form.save(() => {
      const body = {
        residentId: resident.id,
        steps: INSTALL_STEPS.filter((s) => ticked[s]).map((s) => ({ step: s, doneOn: ticked[s] as string })),
        screenshotShas: declined ? [] : shots,
        ...(declined ? { screenshotDeclined: true as const } : {}),
        notes: notes.trim(),
      }
      const found: Errors = {}
      if (body.steps.length > 0 && installProofProblem(policy, body)) found.screenshotShas = zhProof.install.screenshotsRequired
      if (body.steps.some((s) => s.doneOn > today())) found.doneOn = t.errors.doneOn
      const parsed = InstallBodySchema.safeParse(body)
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = issue.path[0] as keyof Errors
          if (field in t.errors && !found[field]) found[field] = t.errors[field]
        }
      }
      setErrors(found)
      return Object.keys(found).length > 0 ? null : body
    })
    if (!saved) return scrollToFirstError()
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    form.next()
    setTicked({})
    setShots([])
    setDeclined(false)
    setNotes('')
  }

  return (
    <View className='fz-page fz-resident'>
      <View className='fz-card'>
        <View className='fz-row'>
          <Text className='fz-title fz-grow'>{resident.name}</Text>
          <Text className='fz-muted'>
            {resident.gender ? zh.household.gender[resident.gender] : ''}
            {resident.birthYear ? ` ${zh.household.age(year - resident.birthYear)}（${t.born(resident.birthYear)}）` : ''}
          </Text>
        </View>
        <View className='fz-muted'>{household.doorplate}</View>
        {resident.tags.length > 0 && (
          <View className='fz-resident__tags'>
            {resident.tags.map((tag) => (
              <Text key={tag} className='fz-tag fz-resident__tag'>
                {tag}
              </Text>
            ))}
          </View>
        )}
        <View className='fz-row fz-resident__phone'>
          <Text className='fz-grow' id='resident-phone'>
            {t.phone}：{resident.phone || t.noPhone}
          </Text>
          {resident.phone ? (
            <Btn className='fz-btn--small' onClick={() => void call(resident.phone as string)}>
              {t.call}
            </Btn>
          ) : null}
        </View>
        {target && <View className='fz-resident__target'>{t.target}</View>}
      </View>

      <View className='fz-section-title'>{t.steps}</View>
      <View className='fz-card' id='resident-steps'>
        {INSTALL_STEPS.map((step) => {
          const done = progress[step]
          return (
            <View key={step} className='fz-row fz-resident__step' id={`step-${step}`}>
              <Text className='fz-grow'>{INSTALL_STEP_LABEL[step]}</Text>
              {done ? (
                <View className='fz-resident__when'>
                  <View className='fz-resident__done'>{t.done(done.doneOn)}</View>
                  {done.local ? <View className='fz-muted'>{t.onDevice}</View> : null}
                </View>
              ) : (
                <Text className='fz-resident__missing'>{t.notDone}</Text>
              )}
            </View>
          )
        })}
        {target && (
          <View className={missing.length ? 'fz-resident__missing' : 'fz-resident__done'}>
            {missing.length ? t.missing(missing.map((s) => t.short[s])) : t.allDone}
          </View>
        )}
      </View>

      <View className='fz-section-title'>{t.record}</View>
      <View className='fz-muted'>{zhProof.install.recordHint}</View>
      {INSTALL_STEPS.map((step) => {
        const on = ticked[step]
        return (
          <View key={step} className={`fz-row fz-resident__tick ${on ? 'fz-resident__tick--on' : ''}`}>
            <View className='fz-row fz-grow fz-resident__tick-label' id={`tick-${step}`} onClick={() => toggle(step)}>
              <View className='fz-resident__box'>{on ? '✓' : ''}</View>
              <Text>{INSTALL_STEP_LABEL[step]}</Text>
            </View>
            {on ? (
              <Picker
                mode='date'
                value={on}
                start={APP_LAUNCH_DATE}
                end={today()}
                onChange={(e) => setTicked((cur) => ({ ...cur, [step]: String(e.detail.value) }))}
              >
                <View className='fz-input fz-resident__date' id={`date-${step}`}>
                  {on}
                </View>
              </Picker>
            ) : null}
          </View>
        )
      })}
      {errors.steps && <View className='fz-error'>{errors.steps}</View>}
      {errors.doneOn && <View className='fz-error'>{errors.doneOn}</View>}

      <Text className='fz-label'>
        {t.screenshots}
        {needsShot ? '' : zhProof.install.screenshotsOptional}
      </Text>
      {declined ? null : (
        <PhotoPicker
          value={shots}
          max={MAX_SHOTS}
          disabled={form.saving}
          onChange={(s) => {
            setShots(s)
            setErrors((e) => ({ ...e, screenshotShas: undefined }))
          }}
        />
      )}
      <View
        className={`fz-row fz-resident__tick ${declined ? 'fz-resident__tick--on' : ''}`}
        id='install-declined'
        onClick={() => {
          setDeclined(!declined)
          setErrors((e) => ({ ...e, screenshotShas: undefined }))
        }}
      >
        <View className='fz-row fz-grow fz-resident__tick-label'>
          <View className='fz-resident__box'>{declined ? '✓' : ''}</View>
          <Text>{zhProof.install.declined}</Text>
        </View>
      </View>
      <View className='fz-muted'>{zhProof.install.declinedHint}</View>
      {errors.screenshotShas && <View className='fz-error'>{errors.screenshotShas}</View>}

      <Text className='fz-label'>{t.notes}</Text>
      <Textarea
        {...fieldId('install-notes')}
        className='fz-textarea fz-resident__notes'
        value={notes}
        maxlength={NOTES_MAX}
        placeholder={t.notesPlaceholder}
        onInput={(e) => setNotes(e.detail.value)}
      />
      {errors.notes && <View className='fz-error'>{errors.notes}</View>}

      <SaveBar>
        <Btn id='install-save' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void save()}>
          {form.saving ? t.saving : t.save}
        </Btn>
      </SaveBar>

      <View className='fz-section-title'>{t.records}</View>
      {records.length === 0 && <View className='fz-muted'>{t.noRecords}</View>}
      {records.map((item) =>
        item.record.kind === 'install' ? (
          <View key={item.record.id} className='fz-card' id={`install-${item.record.id}`}>
            <View className='fz-row'>
              <Text className='fz-grow'>
                {item.record.body.steps.map((s) => `${t.short[s.step]} ${s.doneOn}`).join('，')}
              </Text>
              <Text className={`fz-tag fz-tag--${item.state}`}>{zh.outbox.states[item.state]}</Text>
            </View>
            {item.record.body.notes ? <View className='fz-muted'>{item.record.body.notes}</View> : null}
            {item.record.body.screenshotDeclined ? <View className='fz-muted'>{zhProof.install.declined}</View> : null}
            <View className='fz-resident__shots'>
              {item.record.body.screenshotShas.map((sha) => (
                <MediaThumb key={sha} sha={sha} />
              ))}
            </View>
            {(item.state === 'rejected' || item.state === 'conflict') && <View className='fz-error'>{item.message ?? item.code}</View>}
          </View>
        ) : null,
      )}
    </View>
  )
}

export default withTypeScale(ResidentPage)
