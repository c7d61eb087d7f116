// Always-visible sync status: records and photos waiting, last sync, the 同步 button, the last error and storage warnings.
import { View, Text } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../btn'
import { useNow } from '../use-now'
import { useSyncStore, syncNow } from '../../stores/sync'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

export default function SyncBadge() {
  const { state, items, lastPullAt, mediaPending } = useSyncStore()
  const now = useNow(15_000)
  const pending = state?.pending ?? items.filter((i) => i.state === 'pending').length
  const attention = state?.needsAttention ?? items.filter((i) => i.state === 'rejected' || i.state === 'conflict').length
  const lastOk = Math.max(state?.lastSuccessAt ?? 0, lastPullAt ?? 0) || null
  const error = state?.lastError ?? null
  const storage = state?.storage ?? null
  const syncing = state?.syncing ?? false

  return (
    <View className={`fz-sync ${pending > 0 ? 'fz-sync--pending' : ''}`}>
      <View className='fz-row'>
        <View className='fz-grow'>
          <Text className='fz-sync__count'>{zh.sync.pending(pending)}</Text>
          {mediaPending > 0 && (
            <View className='fz-sync__media' id='sync-media-pending'>
              {zh.media.pending(mediaPending)}
            </View>
          )}
          <View className='fz-sync__meta'>
            {syncing ? zh.sync.syncing : lastOk ? zh.sync.lastSync(lastOk, now) : zh.sync.never}
          </View>
        </View>
        <Btn
          id='sync-now'
          className='fz-btn--primary fz-btn--small'
          disabled={syncing}
          onClick={() => void syncNow('manual')}
        >
          {zh.sync.now}
        </Btn>
      </View>
      {error && !syncing && (
        <View className='fz-sync__error'>
          <Text>{error.code === 'UNAUTHENTICATED' ? zh.sync.sessionExpired : error.message}</Text>
          {state?.nextRetryAt ? <Text>（{zh.sync.nextRetry(state.nextRetryAt, now)}）</Text> : null}
          {error.code === 'UNAUTHENTICATED' && (
            <Btn className='fz-btn--small fz-sync__relogin' onClick={() => void Taro.navigateTo({ url: url.login() })}>
              {zh.common.relogin}
            </Btn>
          )}
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
