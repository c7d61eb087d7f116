// One household: who lives there (phones masked; install steps missing among 16–60s), what happened there (the
// server's copy with this phone's unsynced records), 登记走访 and 发放资料.
import { useMemo } from 'react'
import { View, Text } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { chinaYear } from '@core/china-time'
import { installProgress, missingSteps } from '@core/install-progress'
import { maskPhone } from '@core/mask'
import { inTargetAge } from '@core/schemas/install'
import Btn from '../../components/btn'
import Placeholder from '../../components/placeholder'
import PledgeSection from '../../components/pledge-section'
import HouseholdHistory from '../../components/household-history'
import { withTypeScale } from '../../components/type-scale'
import { useWorker } from '../../components/use-session'
import { residentsOf, useSyncStore } from '../../stores/sync'
import { url } from '../routes'
import { zh } from '../../locales/zh-CN'
import './index.css'
import HouseholdHeader from '../../components/household-header'

/** For residents aged 16–60: which of the three install steps are still missing (缺：实名、预警). */
function InstallLine({ missing }: { missing: string[] }) {
  return missing.length ? (
    <View className='fz-household__install fz-household__install--missing'>{zh.resident.missing(missing.map((s) => zh.resident.short[s]))}</View>
  ) : (
    <View className='fz-household__install fz-household__install--done'>{zh.resident.allDone}</View>
  )
}

function HouseholdPage() {
  const user = useWorker()
  const id = useRouter().params.id ?? ''
  const { households, items, loaded } = useSyncStore()
  const household = useMemo(() => households.find((h) => h.id === id), [households, id])
  const residents = useMemo(() => (household ? residentsOf(id) : []), [household, id])

  if (!user) return <Placeholder />
  if (!household) {
    return <Placeholder text={loaded ? zh.household.notFound : zh.common.loading} />
  }
  const year = chinaYear(Date.now())
  return (
    <View className='fz-page'>
      <HouseholdHeader household={household} headClassName='fz-household__head' />
      <Btn
        id='visit-new'
        className='fz-btn--primary fz-btn--block'
        onClick={() => void Taro.navigateTo({ url: url.visitNew(household.id) })}
      >
        {zh.household.visit}
      </Btn>
      <Btn
        id='handout-new'
        className='fz-btn--block fz-household__handout'
        onClick={() => void Taro.navigateTo({ url: url.handoutNew(household.id) })}
      >
        {zh.handoutNew.open}
      </Btn>

      <View className='fz-row'>
        <View className='fz-section-title fz-grow'>{zh.household.residents}</View>
        <View id='roster-member' className='fz-link' onClick={() => void Taro.navigateTo({ url: url.roster('member', household.id) })}>
          {zh.household.addMember}
        </View>
      </View>
      {residents.length === 0 && <View className='fz-muted'>{zh.household.noResidents}</View>}
      {residents.map((r) => (
        <View
          key={r.id}
          id={`res-${r.id}`}
          className='fz-card fz-row fz-household__resident'
          hoverClass='fz-btn--active'
          onClick={() => void Taro.navigateTo({ url: url.resident(r.id, household.id) })}
        >
          <View className='fz-grow'>
            <Text className='fz-household__name'>{r.name}</Text>
            <Text className='fz-muted'>
              {r.gender ? ` ${zh.household.gender[r.gender]}` : ''}
              {r.birthYear ? ` ${zh.household.age(year - r.birthYear)}` : ''}
            </Text>
            {r.rosterStatus === 'away' && <Text className='fz-tag'>{zh.household.away}</Text>}
            {r.tags.length > 0 && <View className='fz-muted'>{r.tags.join('、')}</View>}
            {inTargetAge(r.birthYear, year) && <InstallLine missing={missingSteps(installProgress(r, items))} />}
          </View>
          {r.phone ? <Text className='fz-household__phone'>{maskPhone(r.phone)}</Text> : null}
          <View
            id={`roster-edit-${r.id}`}
            className='fz-link fz-household__edit'
            onClick={(e) => {
              e.stopPropagation()
              void Taro.navigateTo({ url: url.roster('resident', household.id, r.id) })
            }}
          >
            {zh.household.edit}
          </View>
          <Text className='fz-household__more'>›</Text>
        </View>
      ))}
      <View id='roster-household' className='fz-link fz-household__status' onClick={() => void Taro.navigateTo({ url: url.roster('status', household.id) })}>
        {zh.household.markHousehold}
      </View>

      <PledgeSection household={household} />

      <HouseholdHistory householdId={household.id} selfName={user.name} />
    </View>
  )
}

export default withTypeScale(HouseholdPage)
