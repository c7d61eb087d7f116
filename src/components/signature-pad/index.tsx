// A finger or mouse signature pad: ink on a white 600×300 canvas, 重写, and the drawing as PNG bytes on request.
// It has no 确定 of its own: the page's one primary button (提交签署) takes the strokes as they are (适老化: one
// primary action per screen).
// H5 draws on a plain <canvas> with pointer events (pad-canvas.tsx); weapp on a Canvas of type 2d.
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react'
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../btn'
import { zh } from '../../locales/zh-CN'
import { PAD_HEIGHT, PAD_WIDTH, type InkContext } from './ink'
import PadCanvas, { PAD_ID } from './pad-canvas'
import { useInk, type InkPad, type SignatureImage } from './use-ink'
import './index.css'

export type { SignatureImage } from './use-ink'

export interface SignaturePadHandle {
  /** The drawing as a PNG, or null (with the reason shown under the pad) when nothing is signed. */
  take(): Promise<SignatureImage | null>
}

interface Props {
  disabled?: boolean
}

const IS_H5 = process.env.TARO_ENV === 'h5'

type WeappCanvas = { width: number; height: number; getContext(type: '2d'): unknown }
/** The 2d canvas node with its size on screen (touches come in its CSS pixels). */
type WeappPad = { node: WeappCanvas; width: number; height: number }

/** weapp: the 2d canvas node exists only after the first render reached the view layer. */
function useWeappCanvas(pad: InkPad, canvas: { current: WeappPad | null }) {
  useEffect(() => {
    if (IS_H5) return
    let alive = true
    const attach = (tries: number) => {
      Taro.createSelectorQuery()
        .select(`#${PAD_ID}`)
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: WeappCanvas; width: number; height: number } | null>) => {
          if (!alive) return
          const r = res?.[0]
          if (!r?.node) {
            if (tries > 0) setTimeout(() => attach(tries - 1), 100)
            return
          }
          r.node.width = PAD_WIDTH
          r.node.height = PAD_HEIGHT
          canvas.current = { node: r.node, width: r.width, height: r.height }
          pad.attach(r.node.getContext('2d') as InkContext)
        })
    }
    Taro.nextTick(() => attach(10))
    return () => {
      alive = false
    }
    // Once: the pad's attach only sets its refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
}

const SignaturePad = forwardRef<SignaturePadHandle, Props>(function SignaturePad({ disabled = false }, ref) {
  const h5Canvas = useRef<HTMLCanvasElement | null>(null)
  const weappCanvas = useRef<WeappPad | null>(null)
  const pad = useInk(() => (IS_H5 ? h5Canvas.current : weappCanvas.current?.node), disabled)
  useWeappCanvas(pad, weappCanvas)

  useImperativeHandle(ref, () => ({ take: pad.take }))

  return (
    <View className='fz-sign'>
      <View className='fz-sign__box'>
        {IS_H5 ? (
          <PadCanvas pad={pad} canvasRef={h5Canvas} />
        ) : (
          <Canvas
            type='2d'
            id={PAD_ID}
            className='fz-sign__canvas'
            disableScroll
            onTouchStart={(e) => {
              const t = e.touches[0]
              const c = weappCanvas.current
              if (t && c) pad.penDown(t.x, t.y, c.width, c.height)
            }}
            onTouchMove={(e) => {
              const t = e.touches[0]
              const c = weappCanvas.current
              if (t && c) pad.penMove(t.x, t.y, c.width, c.height)
            }}
            onTouchEnd={pad.penUp}
            onTouchCancel={pad.penUp}
          />
        )}
        {!pad.hasInk && <View className='fz-sign__hint'>{zh.pledge.pad.hint}</View>}
      </View>
      {/* Secondary and grey: never mistaken for the page's one red 提交 button. */}
      <View className='fz-row fz-sign__actions'>
        <Btn id='signature-clear' className='fz-btn--plain fz-sign__btn' disabled={disabled} onClick={pad.clear}>
          {zh.pledge.pad.clear}
        </Btn>
      </View>
      {pad.error && (
        <View className='fz-error' id='signature-error'>
          {pad.error}
        </View>
      )}
    </View>
  )
})

export default SignaturePad
