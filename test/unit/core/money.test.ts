// Amounts typed in yuan become whole fen, and fen are shown in yuan, with no floating-point on the way.
import { formatFen, yuanToFen } from '../../../src/core/money'

it('reads yuan as whole fen', () => {
  expect(yuanToFen('12000')).toBe(1_200_000)
  expect(yuanToFen(' 350.5 ')).toBe(35_050)
  expect(yuanToFen('0.07')).toBe(7)
  // 0.1 + 0.2 style sums never arise: 19.99 is 1999 fen, not 1998.9999.
  expect(yuanToFen('19.99')).toBe(1999)
  expect(yuanToFen('1,234.56')).toBe(123_456)
  expect(yuanToFen('0')).toBe(0)
})

it('refuses what is not an amount', () => {
  for (const bad of ['', '-5', '1.234', 'abc', '1e5', '.5', '12345678901']) expect(yuanToFen(bad)).toBeNull()
})

it('shows fen as yuan with two decimals', () => {
  expect(formatFen(1_200_000)).toBe('12,000.00元')
  expect(formatFen(35_050)).toBe('350.50元')
  expect(formatFen(7)).toBe('0.07元')
})
