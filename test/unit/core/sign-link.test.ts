import { createSignLink, readSignLink, signLinkSignatureValid } from '../../../src/core/sign-link'
import { verificationCode } from '../../../src/core/hash'

const base = { u: 'u-t1-v01-g1', h: 't1-v01-g1-h001', t: 'tpl-c1-v1', v: 'a'.repeat(64), iat: Date.UTC(2026, 10, 23), n: 'nonce-1' }

describe('sign links', () => {
  it('round-trips its payload and defaults to a 7-day lifetime', () => {
    const token = createSignLink('key-1', base)
    const p = readSignLink(token)!
    expect(p).toMatchObject(base)
    expect(p.exp - p.iat).toBe(7 * 86_400_000)
    expect(signLinkSignatureValid(token, 'key-1')).toBe(true)
  })

  it('refuses a forged or altered link', () => {
    const token = createSignLink('key-1', base)
    expect(signLinkSignatureValid(token, 'other-key')).toBe(false)
    const [body, sig] = token.split('.')
    const altered = Buffer.from(JSON.stringify({ ...readSignLink(token)!, h: 't1-v01-g1-h002' })).toString('base64url')
    expect(signLinkSignatureValid(`${altered}.${sig}`, 'key-1')).toBe(false)
    expect(readSignLink(`${body}`)).toBeNull()
    expect(readSignLink('not-a-token.at-all')).toBeNull()
  })

  it('matches Node’s base64url so the server reads what the phone wrote', () => {
    const token = createSignLink('k', { ...base, h: '幸福村3组12号' })
    const [body] = token.split('.')
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')).h).toBe('幸福村3组12号')
  })
})

describe('verification code', () => {
  it('is 8 unambiguous characters, stable per record', () => {
    const code = verificationCode('0190f0a2-0000-7000-8000-000000000001')
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/)
    expect(verificationCode('0190f0a2-0000-7000-8000-000000000001')).toBe(code)
    expect(verificationCode('0190f0a2-0000-7000-8000-000000000002')).not.toBe(code)
  })
})
