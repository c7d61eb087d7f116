// Amounts of money: stored and sent as whole fen (分), so sums never meet floating-point; typed and shown in yuan.

/** `12345.6` → 1234560 fen; blank, negative, more than two decimals or not a number → null. */
export function yuanToFen(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/[,，\s]/g, ''))
  if (!m) return null
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/** 1234560 fen → `12,345.60元`. */
export function formatFen(fen: number): string {
  const yuan = Math.floor(fen / 100)
  const cents = String(fen % 100).padStart(2, '0')
  return `${yuan.toLocaleString('en-US')}.${cents}元`
}
