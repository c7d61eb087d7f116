// Large type (适老化): the phone's own 字号 setting and the system font factor, folded into one CSS scale.
// Every size that matters in the app's CSS is `calc(Npx * var(--fz-scale, 1))`, so one number resizes it all.

export const TYPE_LEVELS = ['standard', 'large', 'xlarge'] as const
export type TypeLevel = (typeof TYPE_LEVELS)[number]

/** 标准 / 大字 / 超大字: 18 px body text on the resident's pages becomes 22.5 and 27 px. */
export const LEVEL_FACTOR: Record<TypeLevel, number> = { standard: 1, large: 1.25, xlarge: 1.5 }

/**
 * The largest scale, whatever the settings multiply to: MIIT's 适老化 rules ask for large type up to 30 px, and
 * 18 px body text × 5/3 is 30 px. A system setting smaller than standard (WeChat's −1 step is 16/17) is not followed
 * below 1: the app's standard sizes are already the smallest an elderly reader should get.
 */
export const MAX_SCALE = 5 / 3

export function parseLevel(raw: string | null): TypeLevel {
  return (TYPE_LEVELS as readonly string[]).includes(raw ?? '') ? (raw as TypeLevel) : 'standard'
}

/**
 * The scale for the CSS variable: the app's own level times the system's font factor (WeChat's
 * fontSizeScaleFactor, or the browser's default font size / 16), clamped to [1, MAX_SCALE] and rounded to 1/100.
 * A missing or nonsense factor counts as 1. Example: 大字 (1.25) with WeChat at +2 (20/17) → 1.47.
 */
export function typeScale(level: TypeLevel, systemFactor: number | null | undefined): number {
  const sys = typeof systemFactor === 'number' && Number.isFinite(systemFactor) && systemFactor > 0 ? systemFactor : 1
  const s = Math.min(MAX_SCALE, Math.max(1, LEVEL_FACTOR[level] * sys))
  return Math.round(s * 100) / 100
}
