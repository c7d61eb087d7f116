// The household page's history: visits (when, outcome, who), pledges per signer, hand-outs and install steps with
// their screenshots, from the server's copy kept on the phone, with this phone's records the copy lacks yet.
import { useEffect, useMemo, useState } from 'react'
import { View, Text } from '@tarojs/components'
import { formatChinaTime } from '@core/china-time'
import { householdHistory, installHistory } from '@core/household-history'
import { INSTALL_STEP_LABEL } from '@core/schemas/install'
import MediaThumb from '../media-thumb'
import { fetchView, storedView, type StoredView } from '../../stores/household-history'
import { useSyncStore } from '../../stores/sync'
import { zh } from '../../locales/zh-CN'
import './index.css'

function useServerCopy(householdId: string): { copy: StoredView | null; offline: boolean } {
  const [copy, setCopy] = useState<StoredView | null>(null)
  const [offline, setOffline] = useState(false)
  // Each finished pull may have brought this household's records in (and purged them from the outbox): fetch again.
  const lastPullAt = useSyncStore((s) => s.lastPullAt)
  useEffect(() => {
    let alive = true
    void storedView(householdId).then((c) => alive && c && setCopy((prev) => prev ?? c))
    return () => {
      alive = false
    }
  }, [householdId])
  useEffect(() => {
    let alive = true
    fetchView(householdId, Date.now()).then(
      (c) => {
        if (!alive) return
        setCopy(c)
        setOffline(false)
      },
      () => alive && setOffline(true),
    )
    return () => {
      alive = false
    }
  }, [householdId, lastPullAt])
  return { copy, offline }
}

export default function HouseholdHistory({ householdId, selfName }: { householdId: string; selfName: string }) {
  const items = useSyncStore((s) => s.items)
  const { copy, offline } = useServerCopy(householdId)
  const view = copy?.view ?? null
  const entries = useMemo(() => householdHistory(householdId, view, items, selfName), [householdId, view, items, selfName])
  const installs = useMemo(() => installHistory(view), [view])

  return (
    <View id='hh-history'>
      <View className='fz-section-title'>{zh.household.records}</View>
      {offline && (
        <View className='fz-muted fz-history__note' id='hh-history-offline'>
          {copy ? zh.household.historyAsOf(formatChinaTime(copy.fetchedAt)) : zh.household.historyUnavailable}
        </View>
      )}
      {entries.length === 0 && <View className='fz-muted'>{zh.household.noRecords}</View>}
      {entries.map((e) => (
        <View key={e.id} className='fz-card fz-history__item' id={`rec-${e.id}`}>
          <View className='fz-row'>
            <Text className='fz-grow fz-history__title'>{e.label}</Text>
            <Text className={`fz-tag fz-tag--${e.state}`}>{e.state === 'server' ? zh.household.onServer : zh.outbox.states[e.state]}</Text>
          </View>
          <View className='fz-muted'>
            {formatChinaTime(Date.parse(e.at))}
            {e.by ? ` · ${e.by}` : ''}
            {e.detail ? ` · ${e.detail}` : ''}
          </View>
          {e.notes ? <View className='fz-history__notes'>{e.notes}</View> : null}
          {e.shas.length > 0 && (
            <View className='fz-row fz-history__shots'>
              {e.shas.map((sha) => (
                <MediaThumb key={sha} sha={sha} />
              ))}
            </View>
          )}
          {(e.state === 'rejected' || e.state === 'conflict') && e.message ? <View className='fz-error'>{e.message}</View> : null}
        </View>
      ))}
      {installs.length > 0 && (
        <View>
          <View className='fz-section-title'>{zh.household.installs}</View>
          {installs.map((r) => (
            <View key={r.residentId} className='fz-card' id={`install-${r.residentId}`}>
              <View className='fz-history__title'>{r.name}</View>
              {r.steps.map((s) => (
                <View key={s.step} className='fz-muted'>
                  {INSTALL_STEP_LABEL[s.step]} {s.doneOn}
                </View>
              ))}
              {r.screenshotShas.length > 0 && (
                <View className='fz-row fz-history__shots'>
                  {r.screenshotShas.map((sha) => (
                    <MediaThumb key={sha} sha={sha} />
                  ))}
                </View>
              )}
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
