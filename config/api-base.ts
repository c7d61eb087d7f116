// The API base compiled into the weapp build. WeChat only lets a released mini-program call https URLs on its
// legal-domain list, so a production build with an http base (or none: the local default) fails here, at the start
// of the build, instead of on a phone. Development builds (`--watch`, NODE_ENV=development) and an explicit
// FZ_ALLOW_HTTP_API=1 (the test suite's build, which WeChat's offline checks and a local backend read) may use http.
export const LOCAL_API_BASE = 'http://127.0.0.1:3000'

export function weappApiBase(env: Record<string, string | undefined>): string {
  const base = (env.TARO_APP_API_BASE || LOCAL_API_BASE).replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(base)
  } catch {
    throw new Error(`TARO_APP_API_BASE is not a URL: ${base}`)
  }
  if (url.search || url.hash || !['http:', 'https:'].includes(url.protocol)) {
    throw new Error(`TARO_APP_API_BASE must be an http(s) origin with an optional path: ${base}`)
  }
  const allowHttp = env.NODE_ENV === 'development' || env.FZ_ALLOW_HTTP_API === '1'
  if (url.protocol !== 'https:' && !allowHttp) {
    throw new Error(
      `A production weapp build needs an https API base (WeChat refuses other request domains), got ${base}. ` +
        'Set TARO_APP_API_BASE=https://your-server, or FZ_ALLOW_HTTP_API=1 for a local test build.',
    )
  }
  return base
}
