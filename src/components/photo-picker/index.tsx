// Choose or take photos (install screenshots, visit photos). Each one is compressed and saved on the phone as soon
// as it is picked, so the form holds only sha256s; thumbnails show the upload state once a record names them.
// weapp: WeChat's picker (album or camera). H5: a real <input type=file>, which also lets browser tests set files.
import { useEffect, useRef, useState } from 'react'
import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { MediaFileError } from '@core/media/local-media'
import Btn from '../btn'
import MediaThumb from '../media-thumb'
import { saveImageFromTempPath } from '../../platform/media-files'
import { chooseImages } from '../../platform/media-picker'
import { showDeviceFailure } from '../../platform/device-notice'
import { forgetUnusedMedia } from '../../stores/sync'
import { zh } from '../../locales/zh-CN'
import './index.css'
import PrivacyConsent from '../privacy-consent'

interface Props {
  /** Element ids: `${id}-add` (the button) and `${id}-input` (the H5 file input). */
  id?: string
  value: string[]
  onChange(shas: string[]): void
  max: number
  disabled?: boolean
}

export default function PhotoPicker({ id = 'photo-picker', value, onChange, max, disabled = false }: Props) {
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement | null>(null)
  // Saving takes a moment per photo; the latest list is read from here, not from a stale render.
  const latest = useRef(value)
  latest.current = value

  // A form left without saving leaves its photos behind; a saved record's photos are kept (forget checks).
  useEffect(() => () => latest.current.forEach((sha) => void forgetUnusedMedia(sha)), [])

  const addAll = async (tempPaths: string[]) => {
    if (tempPaths.length === 0) return
    setBusy(true)
    void Taro.showLoading({ title: zh.media.processing, mask: true })
    let failure: unknown = null
    for (const path of tempPaths) {
      if (latest.current.length >= max) break
      try {
        const saved = await saveImageFromTempPath(path)
        if (!latest.current.includes(saved.sha256)) {
          latest.current = [...latest.current, saved.sha256]
          onChange(latest.current)
        }
      } catch (err) {
        failure = err
      }
    }
    void Taro.hideLoading()
    setBusy(false)
    if (failure) {
      const code = failure instanceof MediaFileError ? failure.code : 'UNREADABLE'
      void Taro.showModal({ title: zh.media.failedTitle, content: zh.media.errors[code], showCancel: false, confirmText: zh.common.confirm })
    }
  }

  const pickWeapp = async () => {
    const picked = await chooseImages(max - latest.current.length)
    // A cancel shows nothing; a refused camera offers the settings page; a privacy refusal only explains.
    if (picked.ok) await addAll(picked.value)
    else await showDeviceFailure(picked, zh.media.pickFailed)
  }

  const pickH5 = async (files: FileList | null) => {
    const urls = Array.from(files ?? [], (f) => URL.createObjectURL(f))
    try {
      await addAll(urls)
    } finally {
      urls.forEach((u) => URL.revokeObjectURL(u))
      // The same file picked again must fire another change.
      if (input.current) input.current.value = ''
    }
  }

  const remove = (sha: string) => {
    latest.current = latest.current.filter((s) => s !== sha)
    onChange(latest.current)
    void forgetUnusedMedia(sha)
  }

  const full = value.length >= max
  return (
    <View className='fz-photos'>
      <PrivacyConsent />
      <View className='fz-photos__grid'>
        {value.map((sha) => (
          <MediaThumb key={sha} sha={sha} onRemove={disabled ? undefined : () => remove(sha)} />
        ))}
      </View>
      {!full && (
        <Btn
          id={`${id}-add`}
          className='fz-btn--plain fz-photos__add'
          disabled={disabled || busy}
          onClick={() => (process.env.TARO_ENV === 'h5' ? input.current?.click() : void pickWeapp())}
        >
          {busy ? zh.media.processing : zh.media.add(value.length, max)}
        </Btn>
      )}
      {/* Written out (not a constant) so the weapp build drops this branch entirely. */}
      {process.env.TARO_ENV === 'h5' && (
        <input
          id={`${id}-input`}
          ref={input}
          className='fz-photos__input'
          type='file'
          accept='image/*'
          multiple
          disabled={disabled || busy || full}
          onChange={(e) => void pickH5(e.currentTarget.files)}
        />
      )}
    </View>
  )
}
