// 名册变更 of a village (or town, or one grid): what grid workers added, changed and marked in the register from the
// field, newest first; each change opens its household.
import { useEffect } from 'react'
import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { rosterChanges } from '@core/api/endpoints/roster-changes'
import { formatChinaTime } from '@core/china-time'
import type { RosterChange } from '@core/schemas/roster-change-list'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import { useOfficial } from '../../components/use-session'
import { useEndpoint } from '../../components/use-endpoint'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import { zhRosterChanges as t } from '../../locales/roster-changes'
import { zhOffRegister } from '../../locales/off-register'
import '../components/household-list/index.css'

const PAGE_SIZE = 50

/** Red for people and households leaving the counts, green for additions, plain for the rest. */
function flag(c: RosterChange): string {
  if (c.action === 'add_household' || c.action === 'add_resident' || c.status === 'returned') return 'green'
  if (c.action === 'household_status' || c.status === 'moved_out' || c.status === 'dead') return 'red'
  return 'yellow'
}

function ChangeItem({ c }: { c: RosterChange }) {
  return (
    <View
      id={`roster-change-${c.recordId}`}
      className={`fz-card fz-row fz-hl__row fz-hl__row--${flag(c)}`}
      onClick={() => void Taro.navigateTo({ url: url.officialHousehold(c.householdId) })}
    >
      <View className='fz-grow'>
        <View className='fz-hl__door'>{c.description}</View>
        <View className='fz-muted'>
          {c.doorplate} · {zh.household.head}：{c.headName}
        </View>
        <View className='fz-muted'>
          {t.by(c.authorName, c.gridName)} · {formatChinaTime(Date.parse(c.occurredAt))}
        </View>
      </View>
      <Text className='fz-hl__chevron'>›</Text>
    </View>
  )
}

export default function RosterChangesPage() {
  const user = useOfficial()
  const areaId = useRouter().params.areaId
  const list = useEndpoint(rosterChanges, user ? { query: { areaId, limit: PAGE_SIZE } } : null)
  const areaName = list.data?.area.name ?? ''

  useEffect(() => {
    if (areaName) void Taro.setNavigationBarTitle({ title: `${areaName} · ${t.title}` })
  }, [areaName])

  if (!user) return <Placeholder />
  const next = list.data?.next ?? null
  return (
    <View className='fz-page'>
      <View className='fz-row fz-hl__head'>
        <View className='fz-grow'>
          <View className='fz-title'>{areaName}</View>
          <View className='fz-muted'>{t.title}</View>
        </View>
        <Btn id='open-off-register' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.offRegister(list.data?.area.id ?? areaId) })}>
          {zhOffRegister.open}
        </Btn>
        <Btn id='roster-changes-refresh' className='fz-btn--small' disabled={list.loading} onClick={list.refresh}>
          {zh.common.refresh}
        </Btn>
      </View>
      {list.error && (
        <View className='fz-card fz-error' id='roster-changes-error'>
          {list.error}
        </View>
      )}
      {!list.data && list.loading && <View className='fz-empty'>{zh.common.loading}</View>}
      {list.data && list.data.changes.length === 0 && <View className='fz-empty'>{t.empty}</View>}
      <View id='roster-changes-list'>{list.data?.changes.map((c) => <ChangeItem key={c.recordId} c={c} />)}</View>
      {next && (
        <Btn
          id='roster-changes-more'
          className='fz-btn--block'
          disabled={list.loading}
          onClick={() => list.more({ query: { areaId, limit: PAGE_SIZE, before: next } }, (prev, page) => ({ ...page, changes: [...prev.changes, ...page.changes] }))}
        >
          {t.more}
        </Btn>
      )}
    </View>
  )
}
