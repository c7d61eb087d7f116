// One photo or screenshot as a square thumbnail with its upload state: 待上传, 上传中, 已上传 or 上传失败 with the reason.
import { View, Image, Text } from '@tarojs/components'
import { previewImage } from '../../platform/preview-image'
import { useMediaSrc } from '../use-media-src'
import { useSyncStore } from '../../stores/sync'
import { zh } from '../../locales/zh-CN'
import './index.css'

interface Props {
  sha: string
  /** Shows a ✕ that takes the photo off the form (before saving). */
  onRemove?: () => void
}

export default function MediaThumb({ sha, onRemove }: Props) {
  const src = useMediaSrc(sha)
  const upload = useSyncStore((s) => s.media[sha])
  const id = `media-${sha.slice(0, 12)}`
  return (
    <View className='fz-thumb' id={id}>
      {src ? (
        <Image
          className='fz-thumb__img'
          src={src}
          mode='aspectFill'
          onClick={() => previewImage(src)}
        />
      ) : (
        <View className='fz-thumb__img fz-thumb__img--none'>{zh.media.noPreview}</View>
      )}
      {onRemove && (
        <View className='fz-thumb__remove' id={`${id}-remove`} onClick={onRemove}>
          ✕
        </View>
      )}
      {upload && (
        <Text className={`fz-tag fz-thumb__state fz-thumb__state--${upload.state}`} id={`${id}-state`}>
          {zh.media.states[upload.state]}
          {upload.state === 'uploading' && upload.percent !== undefined ? ` ${upload.percent}%` : ''}
        </Text>
      )}
      {upload?.state === 'failed' && upload.message ? <View className='fz-thumb__error'>{upload.message}</View> : null}
    </View>
  )
}
