// Masking of personal data shown in lists (PIPL: show no more than the task needs).

/** 13812345678 → 138****5678; anything shorter keeps only its last two digits. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return ''
  const digits = phone.replace(/\s+/g, '')
  if (digits.length >= 11) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  if (digits.length <= 2) return '*'.repeat(digits.length)
  return '*'.repeat(digits.length - 2) + digits.slice(-2)
}

/**
 * 张建明 → 张*明, 欧阳娜娜 → 欧**娜, 李四 → 李*: the first and (from three characters) the last character stay, enough
 * to tell family members apart on a list; a one-character name stays as it is.
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim())
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1]
}
