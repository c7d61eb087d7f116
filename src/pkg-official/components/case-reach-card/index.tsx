// 受害人案发前宣传到位率 card on a town's or the county's dashboard: of the fraud cases entered, how many victims the
// outreach had reached before their case, in total and per village (town) or town (county); 逐案倒查 opens the cases.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { fraudCaseReach } from '@core/api/endpoints/fraud-cases'
import type { CaseReachRow } from '@core/schemas/fraud-case'
import Btn from '../../../components/btn'
import CoverageBar from '../../../components/coverage-bar'
import { useEndpoint } from '../../../components/use-endpoint'
import { useReloadOn } from '../../../components/use-reload-on'
import { url } from '../../../pages/routes'
import { zhFraudCases as t } from '../../../locales/fraud-cases'
import './index.css'

function ShareLine({ row, id }: { row: CaseReachRow; id: string }) {
  return (
    <View id={id} className='fz-cr__row'>
      <View className='fz-row'>
        <Text className='fz-grow fz-cr__name'>{row.name}</Text>
        <Text className='fz-cr__pct'>{row.sharePct === null ? '—' : `${row.sharePct}%`}</Text>
      </View>
      <View className='fz-muted'>{row.cases === 0 ? t.noCases : t.reachLine(row.cases, row.reached)}</View>
    </View>
  )
}

export default function CaseReachCard({ areaId, reloadKey }: { areaId: string; reloadKey: string }) {
  const reach = useEndpoint(fraudCaseReach, { query: { areaId } })
  useReloadOn(reloadKey, reach.refresh)
  const data = reach.data
  return (
    <View className='fz-card' id='dash-case-reach'>
      <View className='fz-row'>
        <Text className='fz-grow fz-cr__title'>{t.reachCard}</Text>
        <Btn id='open-fraud-cases' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.fraudCases(areaId) })}>
          {t.open}
        </Btn>
      </View>
      {reach.error && <View className='fz-error'>{reach.error}</View>}
      {data && (
        <View>
          <ShareLine row={data.area} id='case-reach-total' />
          {data.area.sharePct !== null && <CoverageBar pct={data.area.sharePct} />}
          {data.rows
            .filter((r) => r.cases > 0)
            .map((r) => (
              <ShareLine key={r.areaId} row={r} id={`case-reach-${r.areaId}`} />
            ))}
        </View>
      )}
    </View>
  )
}
