// Every route, listed once; app.config.ts and all navigation are built from it.

export const OFFICIAL_ROOT = 'pkg-official'

export const MAIN_PAGES = {
  home: 'pages/home/index',
  login: 'pages/login/index',
  household: 'pages/household/index',
  visitNew: 'pages/visit-new/index',
  outbox: 'pages/outbox/index',
} as const

export const OFFICIAL_PAGES = {
  dashboard: 'dashboard/index',
} as const

type Params = Record<string, string | number | undefined>

/** `path?k=v&…`, leaving out empty values; used for page URLs and API query strings alike. */
export function withQuery(path: string, params?: Params): string {
  const q = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&')
  return q ? `${path}?${q}` : path
}

/** Absolute URLs for Taro.navigateTo / reLaunch. */
export const url = {
  home: () => `/${MAIN_PAGES.home}`,
  login: () => `/${MAIN_PAGES.login}`,
  household: (id: string) => withQuery(`/${MAIN_PAGES.household}`, { id }),
  visitNew: (householdId: string) => withQuery(`/${MAIN_PAGES.visitNew}`, { householdId }),
  outbox: () => `/${MAIN_PAGES.outbox}`,
  dashboard: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.dashboard}`, { areaId }),
}
