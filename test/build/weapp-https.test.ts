// The https rule for production weapp builds (config/api-base.ts): the real `taro build --type weapp` refuses an
// http API base before compiling anything, and only a development build or FZ_ALLOW_HTTP_API=1 may use one.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { LOCAL_API_BASE, weappApiBase } from '../../config/api-base'

const ROOT = path.resolve(__dirname, '../..')

describe('weappApiBase', () => {
  it('takes an https base for a production build', () => {
    expect(weappApiBase({ NODE_ENV: 'production', TARO_APP_API_BASE: 'https://fz.example.gov.cn/' })).toBe('https://fz.example.gov.cn')
    expect(weappApiBase({ NODE_ENV: 'production', TARO_APP_API_BASE: 'https://fz.example.gov.cn/app' })).toBe('https://fz.example.gov.cn/app')
  })

  it.each([
    ['an http base', { NODE_ENV: 'production', TARO_APP_API_BASE: 'http://fz.example.gov.cn' }, /needs an https API base/],
    ['no base at all (the local default)', { NODE_ENV: 'production' }, /needs an https API base/],
    ['something that is not a URL', { NODE_ENV: 'production', TARO_APP_API_BASE: 'fz.example.gov.cn' }, /not a URL/],
    ['a base with a query', { NODE_ENV: 'production', TARO_APP_API_BASE: 'https://fz.example.gov.cn/?a=1' }, /origin/],
  ])('refuses %s', (_case, env, message) => {
    expect(() => weappApiBase(env)).toThrow(message)
  })

  it('lets a development build or the explicit flag use http', () => {
    expect(weappApiBase({ NODE_ENV: 'development' })).toBe(LOCAL_API_BASE)
    expect(weappApiBase({ NODE_ENV: 'production', FZ_ALLOW_HTTP_API: '1', TARO_APP_API_BASE: 'http://10.0.0.2:3000' })).toBe('http://10.0.0.2:3000')
    expect(() => weappApiBase({ NODE_ENV: 'production', FZ_ALLOW_HTTP_API: 'yes' })).toThrow(/https/)
  })
})

it('stops the real production build at once when the API base is http', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, TARO_APP_API_BASE: 'http://fz.example.gov.cn', TARO_OUTPUT_ROOT: 'dist-https-rule' }
  delete env.FZ_ALLOW_HTTP_API
  delete env.NODE_ENV
  const res = spawnSync(path.join(ROOT, 'node_modules/.bin/taro'), ['build', '--type', 'weapp'], { cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 })
  expect(res.status).not.toBe(0)
  expect(`${res.stdout}${res.stderr}`).toMatch(/needs an https API base/)
}, 130_000)
