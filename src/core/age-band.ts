// The install campaign's target group: residents aged 16 to 60, counted from their birth year against the China year.
export const TARGET_AGE_MIN = 16
export const TARGET_AGE_MAX = 60

/** Whether someone born in `birthYear` is in the target group in (China) year `year`; an unknown birth year is not. */
export function inTargetAge(birthYear: number | null, year: number): boolean {
  if (birthYear === null) return false
  const age = year - birthYear
  return age >= TARGET_AGE_MIN && age <= TARGET_AGE_MAX
}

/** The birth years (inclusive) of the target group in `year`: 2026 → 1966 to 2010. */
export function targetBirthYears(year: number): { from: number; to: number } {
  return { from: year - TARGET_AGE_MAX, to: year - TARGET_AGE_MIN }
}
