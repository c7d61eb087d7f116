// 发放资料: which materials were handed to the household and how many. A material with a receipt (回执) needs the
// recipient's name and signature, kept with the record. The record id is made once when the page opens, so a
// double tap on 保存 still stores one record.
import { useMemo, useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import SaveBar from '../../components/save-bar'
import SignaturePad, { type SignaturePadHandle } from '../../components/signature-pad'
import { useWorker } from '../../components/use-session'
import { backToHousehold, useRecordForm } from '../../components/use-record-form'
import { materials, residentsOf, useSyncStore } from '../../stores/sync'
import { fieldId } from '../../platform/field-id'
import { savePngBytes } from '../../platform/media-files'
import { scrollToFirstError } from '../../platform/scroll'
import { zh } from '../../locales/zh-CN'
import './index.css'
import HouseholdHeader from '../../components/household-header'
import { withTypeScale } from '../../components/type-scale'

const t = zh.handoutNew
const MAX_QTY = 1000

type Errors = Partial<Record<keyof typeof t.errors, string>>

function HandoutNewPage() {
  const user = useWorker()
  const householdId = useRouter().params.householdId ?? ''
  const households = useSyncStore((s) => s.households)
  const loaded = useSyncStore((s) => s.loaded)
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const residents = useMemo(() => (household ? residentsOf(householdId) : []), [household, householdId])
  // Read on every render: a sync finishing while the page is open brings the catalogue in.
  const catalogue = materials()

  const form = useRecordForm('handout', householdId, t.saveFailedTitle)
  const [qty, setQty] = useState<Record<string, number>>({})
  const [recipientName, setRecipientName] = useState('')
  const [residentId, setResidentId] = useState<string | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const pad = useRef<SignaturePadHandle>(null)

  if (!user) return <Placeholder />
  if (!household) return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />

  const chosen = catalogue.filter((m) => (qty[m.id] ?? 0) > 0)
  const needsReceipt = chosen.some((m) => m.needsReceipt)

  const setCount = (id: string, n: number) => {
    setQty((q) => ({ ...q, [id]: Math.max(0, Math.min(MAX_QTY, n)) }))
    setErrors((e) => ({ ...e, items: undefined }))
  }

  const pickResident = (id: string, name: string) => {
    const off = residentId === id
    setResidentId(off ? null : id)
    setRecipientName(off ? '' : name)
    setErrors((e) => ({ ...e, recipientName: undefined }))
  }

  const typeName = (value: string) => {
    setRecipientName(value)
    const picked = residents.find((r) => r.id === residentId)
    if (picked && picked.name !== value.trim()) setResidentId(null)
    setErrors((e) => ({ ...e, recipientName: undefined }))
  }

  const save = async () => {
    const saved = await form.save(async (now) => {
      const name = recipientName.trim()
      const found: Errors = {}
      if (chosen.length === 0) found.items = t.errors.items
      if (needsReceipt && !name) found.recipientName = t.errors.recipientName
      // 保存 takes the strokes as they are (the pad has no 确定); without any, the pad says what is missing.
      const sig = needsReceipt ? ((await pad.current?.take()) ?? null) : null
      setErrors(found)
      if (Object.keys(found).length > 0 || (needsReceipt && !sig)) return null
      return {
        items: chosen.map((m) => ({ materialId: m.id, quantity: qty[m.id] })),
        recipientName: name,
        residentId,
        receiptSignatureSha: sig ? (await savePngBytes(sig.bytes)).sha256 : null,
        handedAt: new Date(now).toISOString(),
      }
    })
    if (!saved) return scrollToFirstError()
    void Taro.showToast({ title: t.saved, icon: 'success', duration: 1200 })
    backToHousehold(householdId)
  }

  return (
    <View className='fz-page fz-handout'>
      <HouseholdHeader household={household} />

      <Text className='fz-label'>{t.materials}</Text>
      {catalogue.length === 0 && <View className='fz-warn'>{t.noMaterials}</View>}
      {catalogue.map((m) => {
        const n = qty[m.id] ?? 0
        return (
          <View key={m.id} className={`fz-card fz-row fz-handout__item ${n > 0 ? 'fz-handout__item--on' : ''}`} id={`mat-${m.id}`}>
            <View className='fz-grow'>
              <View className='fz-handout__name'>{m.name}</View>
              {m.needsReceipt && <Text className='fz-tag fz-handout__receipt'>{t.needsReceipt}</Text>}
            </View>
            <Btn id={`mat-${m.id}-minus`} className='fz-handout__step' disabled={form.saving || n <= 0} onClick={() => setCount(m.id, n - 1)}>
              －
            </Btn>
            <Text className='fz-handout__count' id={`mat-${m.id}-count`}>
              {n}
            </Text>
            <Btn id={`mat-${m.id}-plus`} className='fz-handout__step' disabled={form.saving || n >= MAX_QTY} onClick={() => setCount(m.id, n + 1)}>
              ＋
            </Btn>
          </View>
        )
      })}
      {errors.items && <View className='fz-error'>{errors.items}</View>}

      <Text className='fz-label'>{needsReceipt ? t.recipientRequired : t.recipient}</Text>
      {residents.length > 0 && (
        <View className='fz-handout__people'>
          {residents.map((r) => (
            <Btn
              key={r.id}
              id={`recipient-${r.id}`}
              className={`fz-btn--small fz-handout__person ${residentId === r.id ? 'fz-btn--primary' : 'fz-btn--plain'}`}
              disabled={form.saving}
              onClick={() => pickResident(r.id, r.name)}
            >
              {r.name}
            </Btn>
          ))}
        </View>
      )}
      <Input
        {...fieldId('handout-recipient')}
        className='fz-input'
        value={recipientName}
        maxlength={20}
        placeholder={t.recipientPlaceholder}
        onInput={(e) => typeName(e.detail.value)}
      />
      {errors.recipientName && <View className='fz-error'>{errors.recipientName}</View>}

      {needsReceipt && (
        <View>
          <Text className='fz-label'>{t.signature}</Text>
          <View className='fz-muted'>{t.receiptHint}</View>
          <SignaturePad ref={pad} disabled={form.saving} />
        </View>
      )}

      <SaveBar>
        <Btn id='handout-save' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void save()}>
          {form.saving ? t.saving : t.save}
        </Btn>
      </SaveBar>
    </View>
  )
}

export default withTypeScale(HandoutNewPage)
