// 居民扫码签署: a QR code of a one-time signing link for the resident's own phone. The link is signed on this phone
// with the worker's link key (kept from an earlier online moment), so it can be made with no signal at all.
import { useEffect, useMemo, useState } from 'react'
import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import qrcode from 'qrcode-generator'
import { formatChinaTime } from '@core/china-time'
import { SIGN_LINK_DAYS, createSignLink } from '@core/sign-link'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useWorker } from '../../components/use-session'
import { ApiError } from '../../stores/api'
import { linkKey } from '../../stores/link-key'
import { currentTemplate, linkNonce, signPageUrl } from '../../stores/pledge-view'
import { pledgeTemplates, useSyncStore } from '../../stores/sync'
import { randomBytes } from '../../platform/random'
import { copyText } from '../../platform/clipboard'
import { showDeviceFailure } from '../../platform/device-notice'
import { zh } from '../../locales/zh-CN'
import './index.css'
import HouseholdHeader from '../../components/household-header'
import PrivacyConsent from '../../components/privacy-consent'
import { withTypeScale } from '../../components/type-scale'

const t = zh.pledge.link
const DAY = 86_400_000

/** Where residents open the link: this H5 app's own origin, or on weapp the server the app talks to. */
function appOrigin(): string {
  if (process.env.TARO_ENV === 'h5' && typeof window !== 'undefined') return window.location.origin
  return API_BASE
}

/**
 * A GIF data URL: both an H5 <img> and a weapp <image> show it, with no canvas and no file. Level L keeps the
 * modules as large as possible for a ~350-character link; a screen has no dirt or creases to correct.
 */
function qrDataUrl(text: string): string {
  const qr = qrcode(0, 'L')
  qr.addData(text)
  qr.make()
  return qr.createDataURL(6, 4)
}

type KeyState = { key: string } | { error: string } | null

function PledgeLinkPage() {
  const user = useWorker()
  const householdId = useRouter().params.householdId ?? ''
  const households = useSyncStore((s) => s.households)
  const loaded = useSyncStore((s) => s.loaded)
  const household = useMemo(() => households.find((h) => h.id === householdId), [households, householdId])
  const template = currentTemplate(pledgeTemplates())

  const [keyState, setKeyState] = useState<KeyState>(null)
  const [attempt, setAttempt] = useState(0)
  // One link per resident: 换一个二维码 makes a fresh nonce (the server accepts each nonce once).
  const [issue, setIssue] = useState(() => ({ iat: Date.now(), n: linkNonce(randomBytes) }))

  useEffect(() => {
    if (!user) return
    let alive = true
    setKeyState(null)
    linkKey()
      .then((key) => alive && setKeyState({ key }))
      .catch((err) => {
        if (!alive) return
        const offline = err instanceof ApiError && (err.code === 'OFFLINE' || err.code === 'TIMEOUT')
        setKeyState({ error: offline || !(err instanceof ApiError) ? t.needKey : err.message })
      })
    return () => {
      alive = false
    }
  }, [user, attempt])

  const key = keyState && 'key' in keyState ? keyState.key : null
  const templateId = template?.id
  const templateHash = template?.contentHash
  const link = useMemo(() => {
    if (!key || !user || !templateId || !templateHash) return null
    const token = createSignLink(key, { u: user.id, h: householdId, t: templateId, v: templateHash, iat: issue.iat, n: issue.n })
    return signPageUrl(appOrigin(), token)
  }, [key, user, householdId, templateId, templateHash, issue])
  const qr = useMemo(() => (link ? qrDataUrl(link) : null), [link])

  if (!user) return <Placeholder />
  if (!household) return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />

  const copy = async () => {
    if (!link) return
    const copied = await copyText(link)
    if (copied.ok) void Taro.showToast({ title: t.copied, icon: 'success' })
    else await showDeviceFailure(copied, t.copyFailed)
  }

  let body
  if (!template) {
    body = (
      <View className='fz-warn' id='pledge-no-template'>
        {zh.pledge.sign.noTemplate}
      </View>
    )
  } else if (keyState && 'error' in keyState) {
    body = (
      <View>
        <View className='fz-warn' id='link-key-error'>
          {keyState.error}
        </View>
        <Btn id='link-retry' className='fz-btn--block fz-link-page__btn' onClick={() => setAttempt((a) => a + 1)}>
          {t.retry}
        </Btn>
      </View>
    )
  } else if (!link || !qr) {
    body = <View className='fz-empty'>{zh.common.loading}</View>
  } else {
    body = (
      <View>
        <View className='fz-link-page__intro'>{t.intro}</View>
        <View className='fz-link-page__qr-box'>
          <Image id='sign-qr' className='fz-link-page__qr' src={qr} mode='scaleToFill' />
          <View className='fz-link-page__pledge'>{template.title}</View>
          <View className='fz-link-page__expires' id='sign-expires'>
            {t.expires(formatChinaTime(issue.iat + SIGN_LINK_DAYS * DAY))}
          </View>
        </View>
        <Btn id='copy-link' className='fz-btn--primary fz-btn--block fz-link-page__btn' onClick={() => void copy()}>
          {t.copy}
        </Btn>
        <Text className='fz-link-page__url' id='sign-link-url' userSelect>
          {link}
        </Text>
        <View className='fz-muted fz-link-page__note'>{t.oneUse}</View>
        <Btn
          id='new-link'
          className='fz-btn--plain fz-btn--block fz-link-page__btn'
          onClick={() => setIssue({ iat: Date.now(), n: linkNonce(randomBytes) })}
        >
          {t.another}
        </Btn>
      </View>
    )
  }

  return (
    <View className='fz-page'>
      <PrivacyConsent />
      <HouseholdHeader household={household} />
      {body}
    </View>
  )
}

export default withTypeScale(PledgeLinkPage)
