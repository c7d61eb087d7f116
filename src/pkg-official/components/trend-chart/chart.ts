// Draws the trend lines with AntV F2 onto any 2d canvas context (H5 <canvas> or weapp Canvas type 2d).
// F2's elements are built with its createElement rather than JSX, so neither build needs F2's JSX runtime.
import { Axis, Canvas, Chart, Line, Point, createElement as f2Element } from '@antv/f2'
import type { TrendDatum } from './series'

export const TREND_COLORS = ['#b71c1c', '#1565c0', '#2e7d32']

export interface ChartTarget {
  /** A CanvasRenderingContext2D, or weapp's look-alike. */
  context: unknown
  /** CSS pixels; the canvas's own buffer is width × pixelRatio. */
  width: number
  height: number
  pixelRatio: number
}

const LABEL = { fontSize: 16, fill: '#555' }

// F2's ElementType does not admit its own component classes (Axis) in TypeScript, though they work at run time.
const createElement = f2Element as (type: unknown, props: object, ...children: unknown[]) => ReturnType<typeof f2Element>

export function drawTrend(target: ChartTarget, data: TrendDatum[]): { destroy(): void } {
  const weeks = new Set(data.map((d) => d.week)).size
  const chart = createElement(
    Chart,
    {
      data,
      // A fixed 0–100% axis, so a week-on-week rise reads the same on every dashboard.
      scale: { pct: { min: 0, max: 100 } },
      style: { padding: [12, 16, 8, 8] },
    },
    createElement(Axis, { field: 'week', tickCount: Math.min(weeks, 4), style: { label: LABEL } }),
    createElement(Axis, { field: 'pct', tickCount: 5, formatter: (v: number) => `${v}%`, style: { label: LABEL } }),
    createElement(Line, { x: 'week', y: 'pct', color: { field: 'line', range: TREND_COLORS }, style: { lineWidth: 2 } }),
    // Points keep a week between two gaps visible, where a line would have no segment.
    createElement(Point, { x: 'week', y: 'pct', color: { field: 'line', range: TREND_COLORS }, size: 3 }),
  )
  const canvas = new Canvas({
    context: target.context as CanvasRenderingContext2D,
    width: target.width,
    height: target.height,
    pixelRatio: target.pixelRatio,
    animate: false,
    // Sizes above are CSS pixels, not F2's default 750-wide design pixels.
    px2hd: (v: number) => v,
    children: chart,
  })
  canvas.render()
  return { destroy: () => canvas.destroy() }
}
