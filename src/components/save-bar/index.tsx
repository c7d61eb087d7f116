// A form's 保存 row, kept at the bottom of the screen while the form scrolls (position: sticky), so the save button
// is always in reach on a small phone; with the scrolled-to first error (scrollToFirstError) a tap never looks dead.
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './index.css'

export default function SaveBar({ children }: { children: ReactNode }) {
  return <View className='fz-save-bar'>{children}</View>
}
