// 本机签署: the resident reads the pledge on the worker's phone, signs with a finger, and is shown the 居民留存联.
// The record id is made once when the page opens, so a double tap on 确认签署 still stores one pledge.
// With ?recordId= the page shows the copy of a pledge signed earlier on this phone instead.
import { useEffect, useMemo, useRef, useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { verificationCode } from '@core/hash'
import Btn from '../../components/btn'
import PledgeCopy, { type CopyData } from '../../components/pledge-copy'
import PledgeText from '../../components/pledge-copy/pledge-text'
import Placeholder from '../../components/placeholder'
import SaveBar from '../../components/save-bar'
import SignaturePad, { type SignatureImage, type SignaturePadHandle } from '../../components/signature-pad'
import { withTypeScale } from '../../components/type-scale'
import { useWorker } from '../../components/use-session'
import { useRecordForm } from '../../components/use-record-form'
import { pledgeTemplates, residentsOf, useSyncStore } from '../../stores/sync'
import { currentTemplate, localPledges } from '../../stores/pledge-view'
import { fieldId } from '../../platform/field-id'
import { scrollToFirstError } from '../../platform/scroll'
import { mediaUrl, savePngBytes } from '../../platform/media-files'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import { zhPledgeCopy } from '../../locales/pledge-copy'
import './index.css'
import HouseholdHeader from '../../components/household-header'

const t = zh.pledge.sign

interface Errors {
  signerName?: string
}

function goBack(householdId: string) {
  Taro.navigateBack().catch(() => Taro.redirectTo({ url: url.household(householdId) }))
}

/** A pledge signed earlier on this phone, shown again as the resident's copy. */
function SignedCopy({ householdId, recordId }: { householdId: string; recordId: string }) {
  const items = useSyncStore((s) => s.items)
  const households = useSyncStore((s) => s.households)
  const loaded = useSyncStore((s) => s.loaded)
  const item = useMemo(() => localPledges(items, householdId).find((i) => i.record.id === recordId), [items, householdId, recordId])
  const household = households.find((h) => h.id === householdId)
  const [sigSrc, setSigSrc] = useState<string | null>(null)
  const sha = item?.record.body.signatureSha

  useEffect(() => {
    let alive = true
    if (sha) void mediaUrl(sha).then((u) => alive && setSigSrc(u), () => undefined)
    return () => {
      alive = false
    }
  }, [sha])

  if (!item || !household) return <Placeholder text={loaded ? t.notFound : zh.common.loading} />
  const body = item.record.body
  // The exact version signed; a phone that has since pulled a newer version only has that one's text.
  const template = pledgeTemplates().find((x) => x.id === body.templateId && x.contentHash === body.templateHash)
  const copy: CopyData = {
    title: template?.title ?? '',
    content: template?.content ?? '',
    doorplate: household.doorplate,
    signerName: body.signerName,
    signedAt: Date.parse(body.signedAt),
    verificationCode: verificationCode(item.record.id),
  }
  return (
    <View className='fz-page fz-elder'>
      <PledgeCopy copy={copy} signatureSrc={sigSrc} />
      <View id='pledge-data-request' className='fz-link' onClick={() => void Taro.navigateTo({ url: url.feedback(undefined, item.record.id) })}>
        {zhPledgeCopy.dataRequest} ›
      </View>
    </View>
  )
}

function PledgeSignPage() {
  const user = useWorker()
  const params = useRouter().params
  const householdId = params.householdId ?? ''
  if (!user) return <Placeholder />
  if (params.recordId) return <SignedCopy householdId={householdId} recordId={params.recordId} />
  return <SignForm householdId={householdId} />
}

function SignForm({ householdId }: { householdId: string }) {
  const households = useSyncStore((s) => s.households)
  const loaded = useSyncStore((s) => s.loaded)
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const residents = useMemo(() => (household ? residentsOf(householdId) : []), [household, householdId])
  // Read on every render: a sync finishing while the page is open brings the template in.
  const template = currentTemplate(pledgeTemplates())

  const form = useRecordForm('pledge', householdId, t.saveFailedTitle)
  const [signerName, setSignerName] = useState('')
  const [residentId, setResidentId] = useState<string | null>(null)
  const [errors, setErrors] = useState<Errors>({})
  const [done, setDone] = useState<{ copy: CopyData; signatureSrc: string } | null>(null)
  const pad = useRef<SignaturePadHandle>(null)

  const pickResident = (id: string, name: string) => {
    if (residentId === id) {
      setResidentId(null)
      setSignerName('')
    } else {
      setResidentId(id)
      setSignerName(name)
    }
    setErrors((e) => ({ ...e, signerName: undefined }))
  }

  const typeName = (value: string) => {
    setSignerName(value)
    // A typed name that no longer matches the picked resident is someone else (or a visitor in the household).
    const picked = residents.find((r) => r.id === residentId)
    if (picked && picked.name !== value.trim()) setResidentId(null)
    setErrors((e) => ({ ...e, signerName: undefined }))
  }

  const submit = async () => {
    if (!template || !household) return
    const name = signerName.trim()
    let signed: { at: number; sig: SignatureImage } | null = null
    const saved = await form.save(async (now) => {
      const found: Errors = {}
      if (name.length < 2 || name.length > 20) found.signerName = t.errors.signerName
      // 提交 takes the strokes as they are (there is no 确定 under the pad); an empty pad says so under itself.
      const sig = (await pad.current?.take()) ?? null
      setErrors(found)
      if (found.signerName || !sig) return null
      const media = await savePngBytes(sig.bytes)
      signed = { at: now, sig }
      return {
        templateId: template.id,
        templateHash: template.contentHash,
        signerName: name,
        residentId,
        signatureSha: media.sha256,
        signedAt: new Date(now).toISOString(),
        channel: 'worker_device' as const,
      }
    })
    // A missing name or signature: its message is brought into view (the pad is below the fold on a small phone).
    if (!saved || !signed) return scrollToFirstError()
    const { at, sig } = signed as { at: number; sig: SignatureImage }
    setDone({
      copy: {
        title: template.title,
        content: template.content,
        doorplate: household.doorplate,
        signerName: name,
        signedAt: at,
        verificationCode: verificationCode(form.recordId),
      },
      signatureSrc: sig.src,
    })
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  if (!household) return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />

  if (done) {
    return (
      <View className='fz-page fz-elder'>
        <View className='fz-pledge__done' id='pledge-done'>
          <View className='fz-pledge__done-title'>✓ {t.saved}</View>
          <View>{t.savedHint}</View>
        </View>
        <PledgeCopy copy={done.copy} signatureSrc={done.signatureSrc} />
        <Btn id='pledge-finish' className='fz-btn--primary fz-btn--block fz-pledge__finish' onClick={() => goBack(householdId)}>
          {t.done}
        </Btn>
      </View>
    )
  }

  return (
    <View className='fz-page fz-elder'>
      <HouseholdHeader household={household} />

      {!template ? (
        <View className='fz-warn' id='pledge-no-template'>
          {t.noTemplate}
        </View>
      ) : (
        <View>
          <View className='fz-muted fz-pledge__hint'>{t.read}</View>
          <PledgeText title={template.title} content={template.content} />

          <Text className='fz-label'>{t.signer}</Text>
          {residents.length > 0 && (
            <View>
              <View className='fz-muted fz-pledge__hint'>{t.pickResident}</View>
              <View className='fz-pledge__people'>
                {residents.map((r) => (
                  <View
                    key={r.id}
                    id={`signer-${r.id}`}
                    className={`fz-pledge__person${residentId === r.id ? ' fz-pledge__person--on' : ''}`}
                    onClick={() => pickResident(r.id, r.name)}
                  >
                    {r.name}
                  </View>
                ))}
              </View>
            </View>
          )}
          <Input
            {...fieldId('signer-name')}
            className='fz-input'
            type='text'
            maxlength={20}
            value={signerName}
            placeholder={t.signerPlaceholder}
            onInput={(e) => typeName(e.detail.value)}
          />
          {errors.signerName && <View className='fz-error'>{errors.signerName}</View>}

          <Text className='fz-label'>{t.signature}</Text>
          <SignaturePad
            ref={pad}
            disabled={form.saving}
          />

          {/* Kept at the bottom of the screen while the resident reads and signs: 确认签署 never needs a scroll. */}
          <SaveBar>
            <Btn id='pledge-submit' className='fz-btn--primary fz-btn--block' disabled={form.saving} onClick={() => void submit()}>
              {form.saving ? t.submitting : t.submit}
            </Btn>
          </SaveBar>
        </View>
      )}
    </View>
  )
}

export default withTypeScale(PledgeSignPage)
