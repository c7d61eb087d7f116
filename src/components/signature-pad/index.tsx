// A finger or mouse signature pad: ink on a white 600×300 canvas, 重写, and the drawing as PNG bytes on request.
// It has no 确定 of its own: the page's one primary button (提交签署) takes the strokes as they are (适老化: one
// primary action per screen).
// H5 draws on a plain <canvas> with pointer events (mouse, pen and touch alike); weapp on a Canvas of type 2d.
import { forwardRef, useEffect, useImperativeHandle, useRef, useState } from 'react'
import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Btn from '../btn'
import { zh } from '../../locales/zh-CN'
import { canvasToPng } from '../../platform/canvas-image'
import { Ink, PAD_HEIGHT, PAD_WIDTH, toPad, type InkContext } from './ink'
import './index.css'

export interface SignatureImage {
  bytes: ArrayBuffer
  /** Something an Image can show: a data URL on H5, a temporary file path on weapp. */
  src: string
}

export interface SignaturePadHandle {
  /** The drawing as a PNG, or null (with the reason shown under the pad) when nothing is signed. */
  take(): Promise<SignatureImage | null>
}

interface Props {
  disabled?: boolean
}

const IS_H5 = process.env.TARO_ENV === 'h5'
const PAD_ID = 'signature-pad'

type WeappCanvas = { width: number; height: number; getContext(type: '2d'): unknown }

const SignaturePad = forwardRef<SignaturePadHandle, Props>(function SignaturePad({ disabled = false }, ref) {
  const h5Canvas = useRef<HTMLCanvasElement | null>(null)
  const weappCanvas = useRef<{ node: WeappCanvas; width: number; height: number } | null>(null)
  const ink = useRef<Ink | null>(null)
  /** The last export, kept until new ink or 重写 (a second 提交 after a failed upload exports nothing again). */
  const taken = useRef<SignatureImage | null>(null)
  const [hasInk, setHasInk] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (IS_H5) {
      const c = h5Canvas.current
      const ctx = c?.getContext('2d')
      if (!c || !ctx) return
      c.width = PAD_WIDTH
      c.height = PAD_HEIGHT
      ink.current = new Ink(ctx as unknown as InkContext)
      ink.current.clear()
      return
    }
    // weapp: the 2d canvas node exists only after the first render reached the view layer.
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
          weappCanvas.current = { node: r.node, width: r.width, height: r.height }
          ink.current = new Ink(r.node.getContext('2d') as InkContext)
          ink.current.clear()
        })
    }
    Taro.nextTick(() => attach(10))
    return () => {
      alive = false
    }
  }, [])

  const touched = () => {
    if (!hasInk) setHasInk(true)
    if (error) setError(null)
    taken.current = null
  }

  const clear = () => {
    ink.current?.clear()
    setHasInk(false)
    setError(null)
    taken.current = null
  }

  const take = async (): Promise<SignatureImage | null> => {
    if (taken.current) return taken.current
    if (!ink.current || ink.current.empty) {
      setError(zh.pledge.pad.empty)
      return null
    }
    // Exporting a canvas and reading back its file ask for no permission: any failure is just a failure.
    const canvas = IS_H5 ? h5Canvas.current : weappCanvas.current?.node
    const png = canvas ? await canvasToPng(canvas, { width: PAD_WIDTH, height: PAD_HEIGHT }) : null
    if (!png?.ok) {
      setError(zh.pledge.pad.exportFailed)
      return null
    }
    taken.current = png.value
    setError(null)
    return png.value
  }

  useImperativeHandle(ref, () => ({ take }))

  const penDown = (x: number, y: number, w: number, h: number) => {
    if (disabled || !ink.current) return
    touched()
    ink.current.down(toPad(x, y, w, h))
  }
  const penMove = (x: number, y: number, w: number, h: number) => {
    if (disabled || !ink.current?.drawing) return
    ink.current.move(toPad(x, y, w, h))
  }
  const penUp = () => ink.current?.up()

  const rectOf = (el: HTMLCanvasElement) => el.getBoundingClientRect()

  return (
    <View className='fz-sign'>
      <View className='fz-sign__box'>
        {IS_H5 ? (
          <canvas
            id={PAD_ID}
            ref={h5Canvas}
            className='fz-sign__canvas'
            onPointerDown={(e) => {
              e.preventDefault()
              const el = e.currentTarget
              el.setPointerCapture?.(e.pointerId)
              const r = rectOf(el)
              penDown(e.clientX - r.left, e.clientY - r.top, r.width, r.height)
            }}
            onPointerMove={(e) => {
              const r = rectOf(e.currentTarget)
              penMove(e.clientX - r.left, e.clientY - r.top, r.width, r.height)
            }}
            onPointerUp={penUp}
            onPointerCancel={penUp}
          />
        ) : (
          <Canvas
            type='2d'
            id={PAD_ID}
            className='fz-sign__canvas'
            disableScroll
            onTouchStart={(e) => {
              const t = e.touches[0]
              const c = weappCanvas.current
              if (t && c) penDown(t.x, t.y, c.width, c.height)
            }}
            onTouchMove={(e) => {
              const t = e.touches[0]
              const c = weappCanvas.current
              if (t && c) penMove(t.x, t.y, c.width, c.height)
            }}
            onTouchEnd={penUp}
            onTouchCancel={penUp}
          />
        )}
        {!hasInk && <View className='fz-sign__hint'>{zh.pledge.pad.hint}</View>}
      </View>
      {/* Secondary and grey: never mistaken for the page's one red 提交 button. */}
      <View className='fz-row fz-sign__actions'>
        <Btn id='signature-clear' className='fz-btn--plain fz-sign__btn' disabled={disabled} onClick={clear}>
          {zh.pledge.pad.clear}
        </Btn>
      </View>
      {error && (
        <View className='fz-error' id='signature-error'>
          {error}
        </View>
      )}
    </View>
  )
})

export default SignaturePad
