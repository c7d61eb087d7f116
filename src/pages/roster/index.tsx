// 名册维护: the worker keeps the register true from the field, offline, as `roster` records in the outbox
// (core/schemas/roster-change.ts). One page, four forms by `mode`: household (新增住户 in the worker's grid), member
// (新增家庭成员), resident (修改 phone, birth year, tags; 标记 迁出/死亡/长期在外/返乡) and status (整户 迁出/空户/拆除).
// A small package of its own, preloaded with the household page, so the main package stays small.
import { useMemo, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { uuidv7 } from '@core/ids'
import { HOUSEHOLD_STATUS_LABEL, RESIDENT_STATUS_LABEL } from '@core/roster-change-text'
import { AddHouseholdSchema, AddResidentSchema, EditResidentSchema, HOUSEHOLD_STATUSES, type HouseholdStatus, type ResidentStatus } from '@core/schemas/roster-change'
import type { Household, Resident } from '@core/schemas/sync'
import type { Me } from '@core/schemas/auth'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import SaveBar from '../../components/save-bar'
import HouseholdHeader from '../../components/household-header'
import { useWorker } from '../../components/use-session'
import { backToHousehold, useRecordForm } from '../../components/use-record-form'
import { withTypeScale } from '../../components/type-scale'
import { movedOutOf, residentsOf, useSyncStore } from '../../stores/sync'
import { fieldId } from '../../platform/field-id'
import { randomBytes } from '../../platform/random'
import { scrollToFirstError } from '../../platform/scroll'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import { zhRoster as t } from '../../locales/roster'

type Mode = 'household' | 'member' | 'resident' | 'status'

/** `2栋、3栋 4栋` → ['2栋', '3栋', '4栋']. */
function splitTags(text: string): string[] {
  return [...new Set(text.split(/[,，、;；/\s]+/).map((s) => s.trim()).filter(Boolean))]
}

/** '' → null; '1975' → 1975; anything else → NaN (refused by the schema's number check). */
function yearOf(text: string): number | null {
  const s = text.trim()
  return s === '' ? null : /^\d{4}$/.test(s) ? Number(s) : Number.NaN
}

function firstIssue(result: { success: boolean; error?: { issues: { message: string }[] } }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? zh.common.unknownError)
}

function Field(props: { id: string; label: string; value: string; placeholder?: string; type?: 'text' | 'number'; maxlength?: number; onInput: (v: string) => void }) {
  return (
    <View>
      <Text className='fz-label'>{props.label}</Text>
      <Input
        {...fieldId(props.id)}
        className='fz-input'
        type={props.type ?? 'text'}
        value={props.value}
        maxlength={props.maxlength ?? 40}
        placeholder={props.placeholder}
        onInput={(e) => props.onInput(e.detail.value)}
      />
    </View>
  )
}

function confirm(content: string): Promise<boolean> {
  return Taro.showModal({ title: t.confirmTitle, content, confirmText: zh.common.confirm }).then((r) => r.confirm)
}

function AddHouseholdForm({ user }: { user: Me }) {
  const [householdId] = useState(() => uuidv7(Date.now(), randomBytes))
  const form = useRecordForm('roster', householdId, t.saveFailedTitle)
  const [doorplate, setDoorplate] = useState('')
  const [headName, setHeadName] = useState('')
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    const saved = await form.save(() => {
      const body = { action: 'add_household' as const, gridId: user.areaId, doorplate, headName }
      const issue = firstIssue(AddHouseholdSchema.safeParse(body))
      setError(issue)
      return issue ? null : body
    })
    if (!saved) return scrollToFirstError()
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    // The new household opens at once (from the outbox), ready for its members and a visit.
    void Taro.redirectTo({ url: url.household(householdId) })
  }
  return (
    <View className='fz-page'>
      <View className='fz-title'>{t.title.household}</View>
      <Field id='roster-doorplate' label={t.doorplate} value={doorplate} placeholder={t.doorplatePlaceholder} maxlength={100} onInput={setDoorplate} />
      <Field id='roster-head' label={t.headName} value={headName} onInput={setHeadName} />
      {error && <View className='fz-error'>{error}</View>}
      <SaveBar>
        <Btn id='roster-save' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void save()}>
          {form.saving ? t.saving : t.save}
        </Btn>
      </SaveBar>
    </View>
  )
}

function MemberForm({ household }: { household: Household }) {
  const form = useRecordForm('roster', household.id, t.saveFailedTitle)
  const [residentId] = useState(() => uuidv7(Date.now(), randomBytes))
  const [v, setV] = useState({ name: '', birthYear: '', phone: '', relation: '', tags: '' })
  const [gender, setGender] = useState<'M' | 'F' | null>(null)
  const [error, setError] = useState<string | null>(null)
  const set = (k: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [k]: value }))
  // Someone coming back is brought back (返乡), not added a second time.
  const movedOut = useMemo(() => movedOutOf(household.id), [household])
  const bringBack = async (r: Resident) => {
    if (!(await confirm(t.confirmResident(r.name, RESIDENT_STATUS_LABEL.returned)))) return
    const saved = await form.save(() => ({ action: 'resident_status', residentId: r.id, status: 'returned' }))
    if (!saved) return
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    backToHousehold(household.id)
  }
  const save = async () => {
    const saved = await form.save(() => {
      const body = {
        action: 'add_resident' as const,
        residentId,
        name: v.name,
        gender,
        birthYear: yearOf(v.birthYear),
        phone: v.phone.trim() || null,
        relation: v.relation.trim() || null,
        tags: splitTags(v.tags),
      }
      const issue = Number.isNaN(body.birthYear) ? t.badYear : firstIssue(AddResidentSchema.safeParse(body))
      setError(issue)
      return issue ? null : body
    })
    if (!saved) return scrollToFirstError()
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    backToHousehold(household.id)
  }
  return (
    <View className='fz-page'>
      <HouseholdHeader household={household} />
      {movedOut.length > 0 && (
        <View>
          <Text className='fz-label'>{t.movedOut}</Text>
          {movedOut.map((r) => (
            <View key={r.id} className='fz-card fz-row'>
              <Text className='fz-grow'>{r.name}</Text>
              <Btn id={`roster-return-${r.id}`} className='fz-btn--small fz-btn--plain' disabled={form.saving} onClick={() => void bringBack(r)}>
                {RESIDENT_STATUS_LABEL.returned}
              </Btn>
            </View>
          ))}
        </View>
      )}
      <View className='fz-title'>{t.title.member}</View>
      <Field id='roster-name' label={t.name} value={v.name} onInput={set('name')} />
      <Text className='fz-label'>{t.gender}</Text>
      <View className='fz-row'>
        {(['M', 'F'] as const).map((g) => (
          <Btn key={g} id={`roster-gender-${g}`} className={`fz-btn--small ${gender === g ? 'fz-btn--primary' : 'fz-btn--plain'}`} onClick={() => setGender(gender === g ? null : g)}>
            {t.genders[g]}
          </Btn>
        ))}
      </View>
      <Field id='roster-birth-year' label={t.birthYear} type='number' maxlength={4} value={v.birthYear} placeholder={t.birthYearPlaceholder} onInput={set('birthYear')} />
      <Field id='roster-phone' label={t.phone} type='number' maxlength={11} value={v.phone} placeholder={t.phonePlaceholder} onInput={set('phone')} />
      <Field id='roster-relation' label={t.relation} value={v.relation} placeholder={t.relationPlaceholder} maxlength={20} onInput={set('relation')} />
      <Field id='roster-tags' label={t.tags} value={v.tags} placeholder={t.tagsPlaceholder} maxlength={100} onInput={set('tags')} />
      {error && <View className='fz-error'>{error}</View>}
      <SaveBar>
        <Btn id='roster-save' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void save()}>
          {form.saving ? t.saving : t.save}
        </Btn>
      </SaveBar>
    </View>
  )
}

function ResidentForm({ household, resident }: { household: Household; resident: Resident }) {
  const form = useRecordForm('roster', household.id, t.saveFailedTitle)
  const [v, setV] = useState({ birthYear: resident.birthYear ? String(resident.birthYear) : '', phone: resident.phone ?? '', tags: resident.tags.join('、') })
  const [error, setError] = useState<string | null>(null)
  const set = (k: keyof typeof v) => (value: string) => setV((old) => ({ ...old, [k]: value }))

  const saveEdit = async () => {
    const saved = await form.save(() => {
      const year = yearOf(v.birthYear)
      const phone = v.phone.trim() || null
      const tags = splitTags(v.tags)
      const body = {
        action: 'edit_resident' as const,
        residentId: resident.id,
        ...(phone !== resident.phone && { phone }),
        ...(year !== resident.birthYear && { birthYear: year }),
        ...(tags.join('、') !== resident.tags.join('、') && { tags }),
      }
      const issue = Number.isNaN(year) ? t.badYear : Object.keys(body).length === 2 ? t.nothingChanged : firstIssue(EditResidentSchema.safeParse(body))
      setError(issue)
      return issue ? null : body
    })
    if (!saved) return scrollToFirstError()
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    backToHousehold(household.id)
  }

  const mark = async (status: ResidentStatus) => {
    if (!(await confirm(t.confirmResident(resident.name, RESIDENT_STATUS_LABEL[status])))) return
    const saved = await form.save(() => ({ action: 'resident_status', residentId: resident.id, status }))
    if (!saved) return
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    backToHousehold(household.id)
  }
  const away = resident.rosterStatus === 'away'
  const statuses: ResidentStatus[] = ['moved_out', 'dead', away ? 'returned' : 'away']

  return (
    <View className='fz-page'>
      <HouseholdHeader household={household} />
      <View className='fz-title'>
        {resident.name}
        {away ? ` · ${t.away}` : ''}
      </View>
      <Field id='roster-phone' label={t.phone} type='number' maxlength={11} value={v.phone} placeholder={t.phonePlaceholder} onInput={set('phone')} />
      <Field id='roster-birth-year' label={t.birthYear} type='number' maxlength={4} value={v.birthYear} placeholder={t.birthYearPlaceholder} onInput={set('birthYear')} />
      <Field id='roster-tags' label={t.tags} value={v.tags} placeholder={t.tagsPlaceholder} maxlength={100} onInput={set('tags')} />
      {error && <View className='fz-error'>{error}</View>}
      <SaveBar>
        <Btn id='roster-save' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void saveEdit()}>
          {form.saving ? t.saving : t.save}
        </Btn>
      </SaveBar>
      <Text className='fz-label'>{t.residentStatus}</Text>
      <View className='fz-muted'>{t.residentStatusHint}</View>
      <View className='fz-row'>
        {statuses.map((s) => (
          <Btn key={s} id={`roster-mark-${s}`} className='fz-btn--small fz-btn--plain' disabled={form.saving} onClick={() => void mark(s)}>
            {RESIDENT_STATUS_LABEL[s]}
          </Btn>
        ))}
      </View>
    </View>
  )
}

function HouseholdStatusForm({ household }: { household: Household }) {
  const form = useRecordForm('roster', household.id, t.saveFailedTitle)
  const mark = async (status: HouseholdStatus) => {
    if (!(await confirm(t.confirmHousehold(household.doorplate, HOUSEHOLD_STATUS_LABEL[status])))) return
    const saved = await form.save(() => ({ action: 'household_status', status }))
    if (!saved) return
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    // The household leaves the list: back to it rather than to its page.
    void Taro.reLaunch({ url: url.home() })
  }
  return (
    <View className='fz-page'>
      <HouseholdHeader household={household} />
      <View className='fz-title'>{t.title.status}</View>
      <View className='fz-muted'>{t.householdStatusHint}</View>
      {HOUSEHOLD_STATUSES.map((s) => (
        <Btn key={s} id={`roster-household-${s}`} className='fz-btn--block fz-btn--plain' disabled={form.saving} onClick={() => void mark(s)}>
          {HOUSEHOLD_STATUS_LABEL[s]}
        </Btn>
      ))}
    </View>
  )
}

function RosterPage() {
  const user = useWorker()
  const params = useRouter().params
  const mode = (params.mode ?? 'household') as Mode
  const householdId = params.householdId ?? ''
  const { households, loaded } = useSyncStore()
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const resident = useMemo(() => (household ? residentsOf(household.id).find((r) => r.id === params.residentId) : undefined), [household, params.residentId])

  if (!user) return <Placeholder />
  if (mode === 'household') return <AddHouseholdForm user={user} />
  if (!household) return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />
  if (mode === 'member') return <MemberForm household={household} />
  if (mode === 'status') return <HouseholdStatusForm household={household} />
  if (!resident) return <Placeholder text={t.notFound} />
  return <ResidentForm household={household} resident={resident} />
}

export default withTypeScale(RosterPage)
