// Demo or deployment, and the address each listens on by default.
import { loadConfig } from '../../server/src/config'
import { CODE_LENGTH, codeHashes, issuedCodeHash, newCode } from '../../server/src/auth/codes'
import { hashCode } from '../../server/src/auth/secrets'

describe('demo or deployment', () => {
  it('is the demo with nothing set, on 127.0.0.1 only', () => {
    const c = loadConfig({})
    expect([c.DEMO, c.HOST]).toEqual([true, '127.0.0.1'])
  })

  it.each([
    ['NODE_ENV=production', { NODE_ENV: 'production' }],
    ['a DATABASE_URL', { DATABASE_URL: 'postgres://db/fanzha' }],
    ['SEED_DEMO=never', { SEED_DEMO: 'never' }],
  ])('is a deployment with %s, on every interface', (_, env) => {
    const c = loadConfig(env)
    expect([c.DEMO, c.HOST]).toEqual([false, '0.0.0.0'])
  })

  it('listens where HOST says, demo or not', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0')
    expect(loadConfig({ NODE_ENV: 'production', HOST: '10.0.0.5' }).HOST).toBe('10.0.0.5')
  })

  it('reads TRUST_PROXY as Fastify takes it', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false)
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true)
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1,10.0.0.2' }).TRUST_PROXY).toBe('10.0.0.1,10.0.0.2')
  })
})

describe('issued codes', () => {
  it('are random symbols without look-alikes, in groups of four', () => {
    const codes = Array.from({ length: 200 }, () => newCode(CODE_LENGTH.login))
    expect(new Set(codes).size).toBe(200)
    for (const c of codes) expect(c).toMatch(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){4}$/)
    expect(CODE_LENGTH.bind).toBeGreaterThanOrEqual(16)
  })

  it('match however they are typed; the demo codes still match as stored', () => {
    const code = 'K7QM-3XPA-HH2Z-9WTE-4RNB'
    for (const typed of [code, code.toLowerCase(), ' k7qm 3xpa hh2z 9wte 4rnb ', 'K7QM3XPAHH2Z9WTE4RNB']) {
      expect(codeHashes(typed)).toContain(issuedCodeHash(code))
    }
    expect(codeHashes('demo-t1-v01')).toContain(hashCode('demo-t1-v01'))
  })
})
