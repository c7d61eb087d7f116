// The visit form. The record id is made once when the form opens, so a double tap on 保存 still stores one record.
import { useMemo, useState } from 'react'
import { View, Text, Textarea, Picker } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { OUTCOME_LABEL } from '@core/coverage'
import { VISIT_OUTCOMES, VisitBodySchema, type GeoPoint, type VisitBodyInput, type VisitOutcome } from '@core/schemas/visit'
import Btn from '../../components/btn'
import PhotoPicker from '../../components/photo-picker'
import Placeholder from '../../components/placeholder'
import SaveBar from '../../components/save-bar'
import { useWorker } from '../../components/use-session'
import { backToHousehold, useRecordForm } from '../../components/use-record-form'
import { proofPolicy, residentsOf, useSyncStore } from '../../stores/sync'
import { mayRecordLocation, visitProofProblem } from '@core/proof-policy'
import { zhProof } from '../../locales/proof'
import { fieldId } from '../../platform/field-id'
import { locate } from '../../platform/location'
import type { DeviceFailure } from '../../platform/device-failure'
import { showDeviceFailure } from '../../platform/device-notice'
import { scrollToFirstError } from '../../platform/scroll'
import { zh } from '../../locales/zh-CN'
import './index.css'
import HouseholdHeader from '../../components/household-header'
import PrivacyConsent from '../../components/privacy-consent'
import { withTypeScale } from '../../components/type-scale'

type Field = keyof typeof zh.visit.errors
type Errors = Partial<Record<Field, string>>

const MAX_PEOPLE = 50
const NOTES_MAX = 500
const MAX_PHOTOS = 9
/** Phone clocks drift; only a time clearly in the future is refused. */
const FUTURE_SLACK_MS = 5 * 60_000
/** A fix is taken only when saving, so the worker waits at most this long for it. */
const LOCATION_TIMEOUT_MS = 5_000

/** The worker's tick of 保存时记录一次位置, kept while the app runs (never stored, never assumed). */
let locationConsent = false

const pad = (n: number) => String(n).padStart(2, '0')
const dateStr = (ms: number) => {
  const d = new Date(ms)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
const timeStr = (ms: number) => {
  const d = new Date(ms)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}
/** Phone-local date and time strings from the pickers back to epoch ms. */
const fromParts = (date: string, time: string) => {
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  return new Date(y, m - 1, d, hh, mm).getTime()
}

/** Form rules on top of VisitBodySchema, whose issues are mapped to Chinese messages per field. */
function validate(outcome: VisitOutcome | null, body: Omit<VisitBodyInput, 'outcome'>, now: number): Errors {
  const errors: Errors = {}
  if (!outcome) errors.outcome = zh.visit.errors.outcome
  if (outcome === 'met' && body.peopleMet < 1) errors.peopleMet = zh.visit.errors.peopleMetMet
  if (Date.parse(body.visitedAt) > now + FUTURE_SLACK_MS) errors.visitedAt = zh.visit.errors.visitedAt
  const parsed = VisitBodySchema.safeParse({ ...body, outcome: outcome ?? 'met' })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field
      if (field in zh.visit.errors && !errors[field]) errors[field] = zh.visit.errors[field]
    }
  }
  return errors
}

function VisitNewPage() {
  const user = useWorker()
  const householdId = useRouter().params.householdId ?? ''
  const households = useSyncStore((s) => s.households)
  const loaded = useSyncStore((s) => s.loaded)
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const residents = useMemo(() => (household ? residentsOf(householdId) : []), [household, householdId])

  const form = useRecordForm('visit', householdId, zh.visit.saveFailedTitle)
  const [outcome, setOutcome] = useState<VisitOutcome | null>(null)
  const [peopleMet, setPeopleMet] = useState(1)
  const [residentIds, setResidentIds] = useState<string[]>([])
  const [notes, setNotes] = useState('')
  const [photoShas, setPhotoShas] = useState<string[]>([])
  /** null means "now" at the moment of saving. */
  const [visitedAt, setVisitedAt] = useState<number | null>(null)
  const [openedAt] = useState(Date.now)
  /** The campaign's proof settings as the last pull brought them (#13): a photo only if asked, a position only if allowed. */
  const [policy] = useState(proofPolicy)
  /** The worker's consent to one fix at save time; off until they tick it, remembered while the app runs. */
  const [consent, setConsent] = useState(locationConsent)
  const [locating, setLocating] = useState(false)
  const [location, setLocation] = useState<GeoPoint | null>(null)
  const [photoError, setPhotoError] = useState<string | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const locationAllowed = mayRecordLocation(policy)

  const toggleConsent = () => {
    locationConsent = !consent
    setConsent(locationConsent)
  }

  const chooseOutcome = (o: VisitOutcome) => {
    setOutcome(o)
    setErrors((e) => ({ ...e, outcome: undefined, peopleMet: undefined }))
    // Nobody was reached at an empty or closed door; someone was when they listened or refused.
    if (o === 'not_home' || o === 'vacant') {
      setPeopleMet(0)
      setResidentIds([])
    } else if ((o === 'met' || o === 'refused') && peopleMet < 1) {
      setPeopleMet(1)
    }
  }

  const toggleResident = (id: string) => {
    const next = residentIds.includes(id) ? residentIds.filter((r) => r !== id) : [...residentIds, id]
    setResidentIds(next)
    if (next.length > peopleMet) setPeopleMet(Math.min(MAX_PEOPLE, next.length))
  }

  const shownTime = visitedAt ?? openedAt

  const bodyAt = (now: number, point: GeoPoint | null) => ({
    peopleMet,
    residentIds,
    notes: notes.trim(),
    visitedAt: new Date(visitedAt ?? now).toISOString(),
    location: point,
    // Left out when empty: the field is optional so that records without photos hash as before.
    ...(photoShas.length ? { photoShas } : {}),
  })

  /** The form's checks plus the campaign's photo rule; true when the visit may be saved. */
  const check = (now: number, point: GeoPoint | null) => {
    const body = bodyAt(now, point)
    const found = validate(outcome, body, now)
    const proof = outcome ? visitProofProblem(policy, { ...body, outcome }) : null
    setErrors(found)
    setPhotoError(proof === 'VISIT_PHOTO_REQUIRED' ? zhProof.visit.photoRequired : null)
    return Object.keys(found).length === 0 && !proof && outcome ? { ...body, outcome } : null
  }

  const save = async () => {
    // Checked before any fix is taken, so a form that cannot be saved never asks for the position.
    if (!check(Date.now(), null)) return scrollToFirstError()
    let point: GeoPoint | null = null
    let failure: DeviceFailure | null = null
    if (consent && locationAllowed) {
      setLocating(true)
      const fix = await locate(LOCATION_TIMEOUT_MS)
      if (fix.ok) point = fix.value
      else failure = fix
      setLocation(point)
      setLocating(false)
    }
    // A failed fix never holds up the visit: it is saved without a position, then the worker is told why (denied:
    // 去设置; privacy guide not agreed; not declared), so the next save can have one.
    const saved = await form.save((now) => check(now, point))
    if (!saved) return scrollToFirstError()
    if (failure) await showDeviceFailure(failure, zhProof.visit.locationFailed, zhProof.visit.savedWithoutLocation)
    else void Taro.showToast({ title: zh.visit.saved, icon: 'success', duration: 1200 })
    backToHousehold(householdId)
  }

  if (!user) return <Placeholder />
  if (!household) {
    return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />
  }
  return (
    <View className='fz-page fz-visit'>
      <PrivacyConsent />
      <HouseholdHeader household={household} />

      <Text className='fz-label'>{zh.visit.outcome}</Text>
      <View className='fz-visit__outcomes'>
        {VISIT_OUTCOMES.map((o) => (
          <Btn
            key={o}
            id={`outcome-${o}`}
            className={`fz-visit__outcome ${outcome === o ? 'fz-btn--primary' : ''}`}
            onClick={() => chooseOutcome(o)}
          >
            {OUTCOME_LABEL[o]}
          </Btn>
        ))}
      </View>
      {errors.outcome && <View className='fz-error'>{errors.outcome}</View>}

      <Text className='fz-label'>{zh.visit.peopleMet}</Text>
      <View className='fz-row fz-visit__stepper'>
        <Btn
          id='people-minus'
          className='fz-visit__step'
          disabled={peopleMet <= 0}
          onClick={() => setPeopleMet(Math.max(0, peopleMet - 1))}
        >
          －
        </Btn>
        <Text className='fz-visit__count' id='people-count'>
          {peopleMet}
        </Text>
        <Btn
          id='people-plus'
          className='fz-visit__step'
          disabled={peopleMet >= MAX_PEOPLE}
          onClick={() => setPeopleMet(Math.min(MAX_PEOPLE, peopleMet + 1))}
        >
          ＋
        </Btn>
      </View>
      {errors.peopleMet && <View className='fz-error'>{errors.peopleMet}</View>}

      {residents.length > 0 && (
        <View>
          <Text className='fz-label'>{zh.visit.residents}</Text>
          {residents.map((r) => {
            const on = residentIds.includes(r.id)
            return (
              <View
                key={r.id}
                id={`resident-${r.id}`}
                className={`fz-row fz-visit__resident ${on ? 'fz-visit__resident--on' : ''}`}
                onClick={() => toggleResident(r.id)}
              >
                <View className='fz-visit__box'>{on ? '✓' : ''}</View>
                <Text>{r.name}</Text>
              </View>
            )
          })}
          {errors.residentIds && <View className='fz-error'>{errors.residentIds}</View>}
        </View>
      )}

      <Text className='fz-label'>{zh.visit.notes}</Text>
      <Textarea
        {...fieldId('visit-notes')}
        className='fz-textarea fz-visit__notes'
        value={notes}
        maxlength={NOTES_MAX}
        placeholder={zh.visit.notesPlaceholder}
        onInput={(e) => setNotes(e.detail.value)}
      />
      <View className='fz-muted fz-visit__counter'>
        {notes.length}/{NOTES_MAX}
      </View>
      {errors.notes && <View className='fz-error'>{errors.notes}</View>}

      <Text className='fz-label'>{zh.visit.time}</Text>
      <View className='fz-row fz-visit__time'>
        <Picker
          mode='date'
          value={dateStr(shownTime)}
          end={dateStr(Date.now())}
          onChange={(e) => setVisitedAt(fromParts(String(e.detail.value), timeStr(shownTime)))}
        >
          <View className='fz-input fz-visit__picker'>{dateStr(shownTime)}</View>
        </Picker>
        <Picker
          mode='time'
          value={timeStr(shownTime)}
          onChange={(e) => setVisitedAt(fromParts(dateStr(shownTime), String(e.detail.value)))}
        >
          <View className='fz-input fz-visit__picker'>{timeStr(shownTime)}</View>
        </Picker>
      </View>
      {errors.visitedAt && <View className='fz-error'>{errors.visitedAt}</View>}

      <Text className='fz-label'>{zh.visit.location}</Text>
      {locationAllowed ? (
        <View>
          <View className={`fz-row fz-visit__resident ${consent ? 'fz-visit__resident--on' : ''}`} id='visit-location-consent' onClick={toggleConsent}>
            <View className='fz-visit__box'>{consent ? '✓' : ''}</View>
            <Text>{zhProof.visit.locationConsent}</Text>
          </View>
          <View className='fz-muted' id='visit-location'>
            {locating ? zhProof.visit.locating : location ? zh.visit.located(location.accuracy) : zhProof.visit.locationConsentHint}
          </View>
        </View>
      ) : (
        <View className='fz-muted' id='visit-location'>
          {zhProof.visit.locationOff}
        </View>
      )}
      {errors.location && <View className='fz-error'>{errors.location}</View>}

      <Text className='fz-label'>
        {zh.media.visitPhotos}
        {policy.visitPhoto ? zhProof.visit.photoHint : ''}
      </Text>
      <PhotoPicker
        id='visit-photos'
        value={photoShas}
        max={MAX_PHOTOS}
        disabled={form.saving}
        onChange={(shas) => {
          setPhotoShas(shas)
          setPhotoError(null)
        }}
      />
      {photoError && <View className='fz-error'>{photoError}</View>}

      <SaveBar>
        <Btn id='visit-save' className='fz-btn--primary fz-btn--block' disabled={form.saving || locating} onClick={() => void save()}>
          {locating ? zhProof.visit.locating : form.saving ? zh.visit.saving : zh.visit.save}
        </Btn>
      </SaveBar>
    </View>
  )
}

export default withTypeScale(VisitNewPage)
