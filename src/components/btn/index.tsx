// The app's button: a View, not Taro's Button, whose native look differs per platform (weapp's fixed width and
// ::after border; h5's disabled="false" attribute that still greys the text). `className` picks fz-btn variants.
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'

interface Props {
  id?: string
  className?: string
  disabled?: boolean
  onClick: () => void
  children: ReactNode
}

export default function Btn({ id, className = '', disabled = false, onClick, children }: Props) {
  return (
    <View
      // Taro's h5 View would render id={undefined} as id="undefined".
      {...(id ? { id } : {})}
      className={`fz-btn ${className}${disabled ? ' fz-btn--disabled' : ''}`}
      hoverClass={disabled ? 'none' : 'fz-btn--active'}
      onClick={disabled ? undefined : onClick}
    >
      {children}
    </View>
  )
}
