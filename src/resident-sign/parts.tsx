// The page's button and signature pad as plain elements, with the classes and ids of the app's Btn and SignaturePad.
import { forwardRef, useImperativeHandle, useRef, type ReactNode } from 'react'
import PadCanvas from '../components/signature-pad/pad-canvas'
import { useInk, type SignatureImage } from '../components/signature-pad/use-ink'
import { zh } from '../locales/zh-CN'

interface ButtonProps {
  id?: string
  className?: string
  disabled?: boolean
  onClick: () => void
  children: ReactNode
}

export function Button({ id, className = '', disabled = false, onClick, children }: ButtonProps) {
  return (
    <div
      id={id}
      role='button'
      tabIndex={0}
      aria-disabled={disabled}
      className={`fz-btn ${className}${disabled ? ' fz-btn--disabled' : ''}`}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </div>
  )
}

export interface PadHandle {
  take(): Promise<SignatureImage | null>
}

export const Pad = forwardRef<PadHandle, { disabled: boolean }>(function Pad({ disabled }, ref) {
  const canvas = useRef<HTMLCanvasElement | null>(null)
  const pad = useInk(() => canvas.current, disabled)
  useImperativeHandle(ref, () => ({ take: pad.take }))
  return (
    <div className='fz-sign'>
      <div className='fz-sign__box'>
        <PadCanvas pad={pad} canvasRef={canvas} />
        {!pad.hasInk && <div className='fz-sign__hint'>{zh.pledge.pad.hint}</div>}
      </div>
      {/* Secondary and grey: never mistaken for the page's one red 提交 button. */}
      <div className='fz-row fz-sign__actions'>
        <Button id='signature-clear' className='fz-btn--plain fz-sign__btn' disabled={disabled} onClick={pad.clear}>
          {zh.pledge.pad.clear}
        </Button>
      </div>
      {pad.error && (
        <div className='fz-error' id='signature-error'>
          {pad.error}
        </div>
      )}
    </div>
  )
})
