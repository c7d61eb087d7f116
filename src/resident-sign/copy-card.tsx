// The 居民留存联 after signing, as plain elements: the card (the ids and classes of components/pledge-copy), 下载,
// and the picture to long-press for browsers that ignore downloads (WeChat's).
import { useEffect, useRef, useState } from 'react'
import { formatChinaTime } from '@core/china-time'
import type { CopyData } from '../components/pledge-copy/layout'
import { downloadH5 } from '../components/pledge-copy/paint'
import { zh } from '../locales/zh-CN'
import { Button } from './parts'

const t = zh.pledge.copy

function useDownload(copy: CopyData, signatureSrc: string) {
  const [preview, setPreview] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const objectUrl = useRef<string | null>(null)
  useEffect(
    () => () => {
      if (objectUrl.current) URL.revokeObjectURL(objectUrl.current)
    },
    [],
  )
  const save = async () => {
    if (busy) return
    setBusy(true)
    setError(null)
    const saved = await downloadH5(copy, signatureSrc).catch(() => null)
    setBusy(false)
    if (!saved?.ok) return setError(t.saveFailed)
    if (objectUrl.current) URL.revokeObjectURL(objectUrl.current)
    objectUrl.current = saved.value
    setPreview(saved.value)
  }
  return { preview, busy, error, save }
}

export function CopyCard({ copy, signatureSrc }: { copy: CopyData; signatureSrc: string }) {
  const { preview, busy, error, save } = useDownload(copy, signatureSrc)
  return (
    <div>
      <div className='fz-copy' id='pledge-copy'>
        <div className='fz-row fz-copy__head'>
          <span className='fz-grow fz-copy__heading'>{t.heading}</span>
          <span className='fz-muted'>{t.duplicate}</span>
        </div>
        <div className='fz-copy__title'>{copy.title}</div>
        <div className='fz-copy__text'>{copy.content}</div>
        <div className='fz-copy__meta'>
          <div>
            {t.doorplate}：{copy.doorplate}
          </div>
          <div id='copy-signer'>
            {t.signer}：{copy.signerName}
          </div>
          <div className='fz-row fz-copy__sigrow'>
            <span>{t.signature}：</span>
            <img className='fz-copy__sig' src={signatureSrc} alt='' />
          </div>
          <div>
            {t.signedAt}：{formatChinaTime(copy.signedAt)}
          </div>
          <div className='fz-copy__code'>
            {t.code}：<span id='copy-code'>{copy.verificationCode}</span>
          </div>
        </div>
        <div className='fz-copy__note'>{t.note}</div>
      </div>
      <Button id='copy-download' className='fz-btn--block' disabled={busy} onClick={() => void save()}>
        {busy ? t.rendering : t.download}
      </Button>
      {error && <div className='fz-error'>{error}</div>}
      {preview && (
        <div className='fz-copy__preview-box'>
          <div className='fz-muted'>{t.longPress}</div>
          <img id='copy-image' className='fz-copy__preview' src={preview} alt={t.heading} />
        </div>
      )}
    </div>
  )
}
