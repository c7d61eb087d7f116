// The resident's copy of a signed pledge (居民留存联), shown as a card and saved as a PNG: an <a download> on H5
// (plus the picture itself, for browsers such as WeChat's that ignore downloads), the photo album on weapp.
import { useEffect, useRef, useState } from 'react'
import { Canvas, Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatChinaTime } from '@core/china-time'
import Btn from '../btn'
import { zh } from '../../locales/zh-CN'
import { saveCanvasImage } from '../../platform/canvas-image'
import type { DeviceResult } from '../../platform/device-failure'
import { failureNotice, showDeviceFailure } from '../../platform/device-notice'
import { layoutCopy, paintCopy, type CopyData, type CopyLayout, type PaintContext } from './layout'
import { downloadH5, fileName, loadImage, measurer, type ImageLike } from './paint'
import './index.css'
import PrivacyConsent from '../privacy-consent'

export type { CopyData } from './layout'

interface Props {
  copy: CopyData
  /** The signature image (data URL on H5, local file path on weapp); null leaves the signature box empty. */
  signatureSrc: string | null
}

const IS_H5 = process.env.TARO_ENV === 'h5'
const CANVAS_ID = 'copy-canvas'

type WeappCanvas = { width: number; height: number; getContext(type: '2d'): unknown; createImage(): ImageLike }

function canvasNode(): Promise<WeappCanvas> {
  return new Promise((resolve, reject) => {
    Taro.createSelectorQuery()
      .select(`#${CANVAS_ID}`)
      .fields({ node: true })
      .exec((res: Array<{ node?: WeappCanvas } | null>) => (res?.[0]?.node ? resolve(res[0].node) : reject(new Error('no canvas'))))
  })
}

/** weapp: paints on the hidden 2d canvas and saves the picture to the photo album; resolves to its temp path. */
async function saveWeapp(copy: CopyData, signatureSrc: string | null): Promise<DeviceResult<string>> {
  const canvas = await canvasNode()
  const ctx = canvas.getContext('2d') as PaintContext & { measureText(t: string): { width: number } }
  const layout: CopyLayout = layoutCopy(copy, zh.pledge.copy, measurer(ctx))
  canvas.width = layout.width
  canvas.height = layout.height
  const sig = signatureSrc ? await loadImage(canvas.createImage(), signatureSrc) : null
  paintCopy(ctx, layout, sig)
  return saveCanvasImage(canvas, layout, fileName(copy.verificationCode))
}

export default function PledgeCopy({ copy, signatureSrc }: Props) {
  const [preview, setPreview] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const objectUrl = useRef<string | null>(null)
  const t = zh.pledge.copy

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
    try {
      const saved = IS_H5 ? await downloadH5(copy, signatureSrc) : await saveWeapp(copy, signatureSrc)
      if (!saved.ok) {
        // A refused album permission can be switched back on in the settings page, so that one is a dialog with
        // 去设置; a cancel says nothing; a privacy refusal and other failures are said under the button.
        const notice = failureNotice(saved, t.saveFailed)
        if (notice?.openSettings) await showDeviceFailure(saved)
        else setError(notice?.message ?? null)
      } else if (IS_H5) {
        if (objectUrl.current) URL.revokeObjectURL(objectUrl.current)
        objectUrl.current = saved.value
        setPreview(saved.value)
      } else {
        setPreview(saved.value)
        void Taro.showToast({ title: t.savedToAlbum, icon: 'success' })
      }
    } catch {
      // The canvas could not be found or painted.
      setError(t.saveFailed)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View>
      <PrivacyConsent />
      <View className='fz-copy' id='pledge-copy'>
        <View className='fz-row fz-copy__head'>
          <Text className='fz-grow fz-copy__heading'>{t.heading}</Text>
          <Text className='fz-muted'>{t.duplicate}</Text>
        </View>
        <View className='fz-copy__title'>{copy.title}</View>
        <View className='fz-copy__text'>{copy.content}</View>
        <View className='fz-copy__meta'>
          <View>
            {t.doorplate}：{copy.doorplate}
          </View>
          <View id='copy-signer'>
            {t.signer}：{copy.signerName}
          </View>
          <View className='fz-row fz-copy__sigrow'>
            <Text>{t.signature}：</Text>
            {signatureSrc ? (
              <Image className='fz-copy__sig' src={signatureSrc} mode='aspectFit' />
            ) : (
              <Text className='fz-muted'>{t.noSignatureImage}</Text>
            )}
          </View>
          <View>
            {t.signedAt}：{formatChinaTime(copy.signedAt)}
          </View>
          <View className='fz-copy__code'>
            {t.code}：<Text id='copy-code'>{copy.verificationCode}</Text>
          </View>
        </View>
        <View className='fz-copy__note'>{t.note}</View>
      </View>
      <Btn id='copy-download' className='fz-btn--block' disabled={busy} onClick={() => void save()}>
        {busy ? t.rendering : IS_H5 ? t.download : t.saveToAlbum}
      </Btn>
      {error && <View className='fz-error'>{error}</View>}
      {preview && (
        <View className='fz-copy__preview-box'>
          <View className='fz-muted'>{IS_H5 ? t.longPress : t.savedToAlbum}</View>
          <Image id='copy-image' className='fz-copy__preview' src={preview} mode='widthFix' showMenuByLongpress />
        </View>
      )}
      {!IS_H5 && <Canvas type='2d' id={CANVAS_ID} className='fz-copy__canvas' />}
    </View>
  )
}
