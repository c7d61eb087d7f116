import { base64ToBytes, base64urlToBytes, bytesToBase64, bytesToBase64url } from '../../../src/core/base64'

describe('base64', () => {
  it("matches Node's encodings and reads them back, for every length remainder", () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 73 + n * 31) & 0xff)
      const std = Buffer.from(bytes).toString('base64')
      const url = Buffer.from(bytes).toString('base64url')
      expect(bytesToBase64(bytes)).toBe(std)
      expect(bytesToBase64url(bytes.buffer)).toBe(url)
      expect(base64ToBytes(std)).toEqual(bytes)
      expect(base64ToBytes(std.replace(/=+$/, ''))).toEqual(bytes)
      expect(base64urlToBytes(url)).toEqual(bytes)
    }
  })

  it('refuses characters of the other alphabet', () => {
    expect(() => base64urlToBytes('ab+/')).toThrow()
    expect(() => base64ToBytes('ab-_')).toThrow()
  })
})
