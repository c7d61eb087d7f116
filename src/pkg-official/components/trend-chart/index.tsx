// 按周趋势 card for the dashboards: 入户宣传率, 承诺书签署率 and APP安装率 (16–60) per week, this week live at the end.
// H5 draws on a plain <canvas>; weapp on a Canvas of type 2d found through a selector query (as the signature pad).
import { useEffect, useMemo, useRef } from 'react'
import { Canvas, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { API } from '@core/api'
import { useEndpoint } from '../../../components/use-endpoint'
import { useReloadOn } from '../../../components/use-reload-on'
import { zhOfficial } from '../../../locales/official'
import { TREND_COLORS, drawTrend, type ChartTarget } from './chart'
import { TREND_LINES, trendSeries, type TrendSeries } from './series'
import './index.css'

const IS_H5 = process.env.TARO_ENV === 'h5'
const CANVAS_ID = 'trend-canvas'
const HEIGHT = 220

type WeappCanvas = { width: number; height: number; getContext(type: '2d'): unknown }

/** The weapp 2d canvas node exists only once the view layer has it: retry a few times. */
function weappTarget(tries = 10): Promise<ChartTarget | null> {
  return new Promise((resolve) => {
    Taro.createSelectorQuery()
      .select(`#${CANVAS_ID}`)
      .fields({ node: true, size: true })
      .exec((res: Array<{ node?: WeappCanvas; width: number; height: number } | null>) => {
        const r = res?.[0]
        if (!r?.node) {
          if (tries > 0) setTimeout(() => void weappTarget(tries - 1).then(resolve), 100)
          else resolve(null)
          return
        }
        const pixelRatio = Taro.getWindowInfo().pixelRatio
        r.node.width = r.width * pixelRatio
        r.node.height = r.height * pixelRatio
        resolve({ context: r.node.getContext('2d'), width: r.width, height: r.height, pixelRatio })
      })
  })
}

function h5Target(canvas: HTMLCanvasElement | null): ChartTarget | null {
  const context = canvas?.getContext('2d')
  if (!canvas || !context) return null
  return { context, width: canvas.getBoundingClientRect().width, height: HEIGHT, pixelRatio: window.devicePixelRatio || 1 }
}

/** `reloadKey` changes when the dashboard reloads, so the trend's live week is refreshed with it. */
export default function TrendCard({ areaId, reloadKey }: { areaId: string; reloadKey?: string }) {
  const { data, error, refresh } = useEndpoint(API.trend, { query: { areaId } })
  useReloadOn(reloadKey, refresh)
  const failed = error !== null
  const series = useMemo<TrendSeries | null>(() => (data ? trendSeries(data.points, zhOfficial.trend.lines, zhOfficial.trend.thisWeek) : null), [data])
  const h5Canvas = useRef<HTMLCanvasElement | null>(null)

  const drawable = series?.hasHistory ? series : null
  useEffect(() => {
    if (!drawable) return
    let chart: { destroy(): void } | null = null
    let alive = true
    const target = IS_H5 ? Promise.resolve(h5Target(h5Canvas.current)) : new Promise<ChartTarget | null>((r) => Taro.nextTick(() => void weappTarget().then(r)))
    void target.then((t) => {
      if (alive && t) chart = drawTrend(t, drawable.data)
    })
    return () => {
      alive = false
      chart?.destroy()
    }
  }, [drawable])

  return (
    <View className='fz-card' id='dash-trend'>
      <View className='fz-dash__name'>{zhOfficial.trend.title}</View>
      {failed && <View className='fz-muted fz-trend__note'>{zhOfficial.trend.loadFailed}</View>}
      {series && !series.hasHistory && <View className='fz-muted fz-trend__note' id='trend-empty'>{zhOfficial.trend.noData}</View>}
      {drawable && (
        <View>
          {IS_H5 ? (
            <canvas id={CANVAS_ID} ref={h5Canvas} className='fz-trend__canvas' />
          ) : (
            <Canvas type='2d' id={CANVAS_ID} className='fz-trend__canvas' />
          )}
          <View className='fz-trend__legend' id='trend-legend'>
            {TREND_LINES.map((line, i) => (
              <View key={line} className='fz-trend__key'>
                <View className='fz-trend__swatch' style={{ background: TREND_COLORS[i] }} />
                <Text>{zhOfficial.trend.lines[line]}</Text>
              </View>
            ))}
          </View>
          <View className='fz-muted fz-trend__note'>{zhOfficial.trend.liveNote}</View>
        </View>
      )}
    </View>
  )
}
