// The phone's own 字号 (标准 / 大字 / 超大字), kept in storage, and the CSS scale it makes with the system font setting.
import { create } from 'zustand'
import { parseLevel, typeScale, type TypeLevel } from '@core/type-scale'
import { readSync, writeSync } from '../platform/storage'
import { applyRootScale, systemFontFactor } from '../platform/type-scale'

const KEY = 'ui:type-level'

interface TypeScaleStore {
  level: TypeLevel
  /** The value of --fz-scale: the level times the system's font factor, clamped (core/type-scale). */
  scale: number
  setLevel(level: TypeLevel): void
  /** Reads the system's font setting again (it may have changed while the app was in the background). */
  refresh(): void
}

function scaled(level: TypeLevel) {
  const scale = typeScale(level, systemFontFactor())
  applyRootScale(scale, level)
  return { level, scale }
}

export const useTypeScaleStore = create<TypeScaleStore>()((set, get) => ({
  ...scaled(parseLevel(readSync(KEY))),
  setLevel(level) {
    writeSync(KEY, level === 'standard' ? null : level)
    set(scaled(level))
  },
  refresh() {
    set(scaled(get().level))
  },
}))
