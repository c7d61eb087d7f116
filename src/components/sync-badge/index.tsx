// Always-visible sync status: records and photos waiting, the upload running (per file and overall), when the last
// successful sync was, what failed now, the 同步 button and storage warnings. A failure never sits beside "上次同步：刚刚":
// with one on screen the time shown is that of the last sync that succeeded, named so.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../btn'
import { useNow } from '../use-now'
import { useSyncStore, syncNow } from '../../stores/sync'
import { lastSuccess } from '../../stores/sync-view'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

export default function SyncBadge() {
  const { state, items, lastPullAt, mediaPending, mediaFailed, upload, lastFailedAt } = useSyncStore()
  const now = useNow(15_000)
  const pending = state?.pending ?? items.filter((i) => i.state === 'pending').length
  const attention = state?.needsAttention ?? items.filter((i) => i.state === 'rejected' || i.state === 'conflict').length
  const syncing = state?.syncing ?? false
  const error = syncing ? null : (state?.lastError ?? null)
  const storage = state?.storage ?? null
  const lastOk = lastSuccess(state?.lastSuccessAt ?? null, lastPullAt, error ? lastFailedAt : null)

  return (
    <View className={`fz-sync ${pending > 0 || error ? 'fz-sync--pending' : ''}`} id='sync-badge'>
      <View className='fz-row'>
        <View className='fz-grow'>
          <Text className='fz-sync__count'>{zh.sync.pending(pending)}</Text>
          {mediaPending > 0 && (
            <View className='fz-sync__media' id='sync-media-pending'>
              {zh.media.pending(mediaPending)}
            </View>
          )}
          <View className='fz-sync__meta' id='sync-last'>
            {syncing ? zh.sync.syncing : error ? zh.sync.lastOk(lastOk, now) : lastOk ? zh.sync.lastSync(lastOk, now) : zh.sync.never}
          </View>
        </View>
        <Btn id='sync-now' className='fz-btn--primary fz-btn--small' disabled={syncing} onClick={() => void syncNow('manual')}>
          {zh.sync.now}
        </Btn>
      </View>
      {upload && (
        <View className='fz-sync__upload' id='sync-upload'>
          <View className='fz-row'>
            <Text className='fz-grow' id='sync-upload-file'>
              {zh.sync.uploading(upload.fileNo, upload.fileCount, upload.filePercent)}
            </Text>
            <Text id='sync-upload-overall'>{zh.sync.uploadOverall(upload.overallPercent)}</Text>
          </View>
          <View className='fz-sync__bar'>
            <View className='fz-sync__bar-fill' style={{ width: `${upload.overallPercent}%` }} />
          </View>
        </View>
      )}
      {error && (
        <View className='fz-sync__error' id='sync-error'>
          <Text>
            {lastFailedAt ? zh.sync.failedAt(lastFailedAt, now) : ''}
            {error.code === 'UNAUTHENTICATED' ? zh.sync.sessionExpired : error.message}
          </Text>
          {state?.nextRetryAt ? <Text>（{zh.sync.nextRetry(state.nextRetryAt, now)}）</Text> : null}
          {error.code === 'UNAUTHENTICATED' && (
            <Btn className='fz-btn--small fz-sync__relogin' onClick={() => void Taro.navigateTo({ url: url.login() })}>
              {zh.common.relogin}
            </Btn>
          )}
        </View>
      )}
      {mediaFailed > 0 && (
        <View className='fz-sync__error' id='sync-media-failed'>
          {zh.sync.mediaFailed(mediaFailed)}
        </View>
      )}
      {attention > 0 && (
        <View className='fz-link' onClick={() => void Taro.navigateTo({ url: url.outbox() })}>
          {zh.sync.attention(attention)} ›
        </View>
      )}
      {storage && storage.level !== 'ok' && (
        <View className='fz-warn'>
          {storage.level === 'full' ? zh.sync.storageFull : zh.sync.storageWarn(storage.usedKB, storage.limitKB)}
        </View>
      )}
    </View>
  )
}
