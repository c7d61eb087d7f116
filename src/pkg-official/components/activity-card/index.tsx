// 本周走访情况 card: for a village, each grid worker's records this week (those with none highlighted); for a town
// or county, one line per village with how many of its workers recorded nothing, opening that village; the county's
// villages stand under their town, with the town's own line.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { formatChinaTime } from '@core/china-time'
import type { WorkerActivity } from '@core/schemas/activity'
import { useEndpoint } from '../../../components/use-endpoint'
import { useReloadOn } from '../../../components/use-reload-on'
import { url } from '../../../pages/routes'
import { zhOfficial } from '../../../locales/official'
import './index.css'

const COLS = ['visits', 'households', 'pledges', 'installs', 'handouts'] as const

const isIdle = (w: WorkerActivity) => w.visits + w.pledges + w.installs + w.handouts === 0

function WorkerRow({ w }: { w: WorkerActivity }) {
  const idle = isIdle(w)
  return (
    <View id={`act-${w.userId}`} className={`fz-act__row ${idle ? 'fz-act__row--idle' : ''}`}>
      <View className='fz-row'>
        <Text className='fz-grow fz-act__name'>{w.name}</Text>
        {COLS.map((c) => (
          <Text key={c} className='fz-act__num'>
            {w[c]}
          </Text>
        ))}
      </View>
      <View className={idle ? 'fz-act__note fz-act__note--idle' : 'fz-act__note fz-muted'}>
        {w.gridName ?? zhOfficial.activity.other}
        {' · '}
        {w.lastActiveAt ? zhOfficial.activity.last(formatChinaTime(Date.parse(w.lastActiveAt)).slice(5)) : zhOfficial.activity.idle}
      </View>
    </View>
  )
}

function VillageTable({ workers }: { workers: WorkerActivity[] }) {
  return (
    <View>
      <View className='fz-row fz-act__header'>
        <Text className='fz-grow'>{zhOfficial.activity.name}</Text>
        {COLS.map((c) => (
          <Text key={c} className='fz-act__num'>
            {zhOfficial.activity.cols[c]}
          </Text>
        ))}
      </View>
      {workers.map((w) => (
        <WorkerRow key={`${w.userId}-${w.villageId}`} w={w} />
      ))}
    </View>
  )
}

interface VillageGroup {
  name: string
  rows: WorkerActivity[]
}

/** Villages in the order the server sent them (town by town), each with its rows. */
function byVillage(workers: WorkerActivity[]): Map<string, VillageGroup> {
  const villages = new Map<string, VillageGroup>()
  for (const w of workers) {
    if (!w.villageId) continue
    const v = villages.get(w.villageId) ?? { name: w.villageName ?? w.villageId, rows: [] }
    v.rows.push(w)
    villages.set(w.villageId, v)
  }
  return villages
}

/** The county's card: a heading per town (its workers, idle ones, visits), its villages below. */
function TownGroups({ workers }: { workers: WorkerActivity[] }) {
  const towns = new Map<string, { name: string; rows: WorkerActivity[] }>()
  for (const w of workers) {
    const id = w.townId ?? ''
    const t = towns.get(id) ?? { name: w.townName ?? zhOfficial.activity.other, rows: [] }
    t.rows.push(w)
    towns.set(id, t)
  }
  return (
    <View>
      {[...towns].map(([id, t]) => {
        const gridWorkers = t.rows.filter((w) => w.role === 'worker')
        const idle = gridWorkers.filter(isIdle).length
        const visits = t.rows.reduce((s, w) => s + w.visits, 0)
        return (
          <View key={id} id={`act-town-${id}`} className='fz-act__town'>
            <View className='fz-row fz-act__town-head' onClick={() => id && void Taro.navigateTo({ url: url.dashboard(id) })}>
              <View className='fz-grow'>
                <View className='fz-act__town-name'>{t.name}</View>
                <View className={idle > 0 ? 'fz-act__note fz-act__note--idle' : 'fz-act__note fz-muted'}>{zhOfficial.activity.villageLine(gridWorkers.length, idle, visits)}</View>
              </View>
              {id && <Text className='fz-act__chevron'>›</Text>}
            </View>
            <VillageLines workers={t.rows} />
          </View>
        )
      })}
    </View>
  )
}

function VillageLines({ workers }: { workers: WorkerActivity[] }) {
  const villages = byVillage(workers)
  return (
    <View>
      {[...villages].map(([id, v]) => {
        const gridWorkers = v.rows.filter((w) => w.role === 'worker')
        const idle = gridWorkers.filter(isIdle).length
        const visits = v.rows.reduce((s, w) => s + w.visits, 0)
        return (
          <View key={id} id={`act-village-${id}`} className={`fz-row fz-act__row ${idle > 0 ? 'fz-act__row--idle' : ''}`} onClick={() => void Taro.navigateTo({ url: url.dashboard(id) })}>
            <View className='fz-grow'>
              <View className='fz-act__name'>{v.name}</View>
              <View className={idle > 0 ? 'fz-act__note fz-act__note--idle' : 'fz-act__note fz-muted'}>{zhOfficial.activity.villageLine(gridWorkers.length, idle, visits)}</View>
            </View>
            <Text className='fz-act__chevron'>›</Text>
          </View>
        )
      })}
    </View>
  )
}

/** `reloadKey` changes when the dashboard reloads, so the card refreshes with it. */
export default function ActivityCard({ areaId, reloadKey }: { areaId: string; reloadKey?: string }) {
  const { data, error, refresh } = useEndpoint(API.activity, { query: { areaId } })
  useReloadOn(reloadKey, refresh)
  const failed = error !== null

  const gridWorkers = data?.workers.filter((w) => w.role === 'worker') ?? []
  const idle = gridWorkers.filter(isIdle).length
  return (
    <View className='fz-card' id='dash-activity'>
      <View className='fz-row'>
        <Text className='fz-grow fz-act__title'>{zhOfficial.activity.title}</Text>
        {data && <Text className='fz-muted'>{zhOfficial.activity.since(formatChinaTime(Date.parse(data.weekStart)).slice(5, 10))}</Text>}
      </View>
      {failed && <View className='fz-error'>{zhOfficial.activity.loadFailed}</View>}
      {data && (
        <View className={idle > 0 ? 'fz-act__summary fz-act__note--idle' : 'fz-act__summary fz-muted'} id='act-summary'>
          {gridWorkers.length === 0 ? zhOfficial.activity.empty : idle > 0 ? zhOfficial.activity.idleCount(idle, gridWorkers.length) : zhOfficial.activity.allActive}
        </View>
      )}
      {data && data.area.level === 'village' && <VillageTable workers={data.workers} />}
      {data && data.area.level === 'town' && <VillageLines workers={data.workers} />}
      {data && data.area.level === 'county' && <TownGroups workers={data.workers} />}
    </View>
  )
}
