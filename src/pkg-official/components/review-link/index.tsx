// The dashboard's way into 核查队列, with how many records wait there (待核查) and how many conflicting versions.
import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { reviewCounts } from '@core/api/endpoints/review'
import Btn from '../../../components/btn'
import { useEndpoint } from '../../../components/use-endpoint'
import { useReloadOn } from '../../../components/use-reload-on'
import { url } from '../../../pages/routes'
import { zhReview as t } from '../../../locales/review'

/** `reloadKey` changes when the dashboard reloads, so the counts refresh with it. */
export default function ReviewLink({ areaId, reloadKey }: { areaId: string; reloadKey?: string }) {
  const { data, refresh } = useEndpoint(reviewCounts, { query: { areaId } })
  useReloadOn(reloadKey, refresh)
  const waiting = data ? data.flagged + data.conflicts : 0
  return (
    <View className={`fz-card fz-row${waiting ? ' fz-hl__row fz-hl__row--red' : ''}`} id='dash-review'>
      <View className='fz-grow'>
        <Text className='fz-dash__name'>{t.title}</Text>
        <View className='fz-muted' id='dash-review-counts'>
          {data ? t.counts(data.flagged, data.conflicts) : ''}
        </View>
      </View>
      <Btn id='open-review' className='fz-btn--small' onClick={() => void Taro.navigateTo({ url: url.review(areaId) })}>
        {t.open}
      </Btn>
    </View>
  )
}
