// Large type on every page: withTypeScale() wraps a weapp page in a view carrying --fz-scale (h5 keeps it on <html>,
// see platform/type-scale), and TypeLevelPicker is the worker's 字号 switch (标准 / 大字 / 超大字).
import type { ComponentType } from 'react'
import { View } from '@tarojs/components'
import { TYPE_LEVELS } from '@core/type-scale'
import { useTypeScaleStore } from '../../stores/type-scale'
import { PAGE_SCALE_NEEDED } from '../../platform/type-scale'
import { zh } from '../../locales/zh-CN'
import './index.css'

/**
 * Wraps a page's component. A mini-program page has no shared root to hold the variable (and <page-meta> brings a
 * <navigation-bar> of its own), so weapp pages get an outer view with it inline; h5 pages are returned as they are.
 */
export function withTypeScale<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  if (!PAGE_SCALE_NEEDED) return Page
  function Scaled(props: P) {
    const scale = useTypeScaleStore((s) => s.scale)
    return (
      <View className='fz-type-root' style={`--fz-scale: ${scale}`}>
        <Page {...props} />
      </View>
    )
  }
  return Scaled
}

/** 字号: three chips in a row; the choice applies at once, on every page, and is kept on this phone. */
export function TypeLevelPicker() {
  const level = useTypeScaleStore((s) => s.level)
  const setLevel = useTypeScaleStore((s) => s.setLevel)
  return (
    <View className='fz-row fz-type-picker' id='type-level'>
      <View className='fz-type-picker__label'>{zh.typeScale.label}</View>
      {TYPE_LEVELS.map((l) => (
        <View
          key={l}
          id={`type-level-${l}`}
          className={`fz-type-picker__chip${l === level ? ' fz-type-picker__chip--on' : ''}`}
          onClick={() => setLevel(l)}
        >
          {zh.typeScale.levels[l]}
        </View>
      ))}
    </View>
  )
}
