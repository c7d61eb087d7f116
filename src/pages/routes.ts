// Every route, listed once; app.config.ts and all navigation are built from it.
// endpoint.ts has only type imports, so app.config.ts (read at build time through this file) loads nothing more.
import { withQuery } from '../core/api/endpoint'
import type { Role } from '../core/schemas/auth'

export const OFFICIAL_ROOT = 'pkg-official'

export const MAIN_PAGES = {
  home: 'pages/home/index',
  login: 'pages/login/index',
  household: 'pages/household/index',
  outbox: 'pages/outbox/index',
} as const

/**
 * Pages that are each a small weapp subpackage, to keep the main package under ~600 KB. Their roots stay under
 * pages/, so the paths are the same as in the H5 build (signing links point at pages/sign/index).
 */
export const OWN_PACKAGE_PAGES = {
  pledgeLink: 'pages/pledge-link/index',
  /** Public: a resident opens it from a signing link in any browser, without logging in. */
  sign: 'pages/sign/index',
  /** 名册维护: the worker's roster forms (新增住户, 新增家庭成员, 修改, 标记), preloaded with the list and a household. */
  roster: 'pages/roster/index',
  /** The worker's record forms, preloaded with a household page (where each is opened from), so they work offline. */
  visitNew: 'pages/visit-new/index',
  pledgeSign: 'pages/pledge-sign/index',
  resident: 'pages/resident/index',
  handoutNew: 'pages/handout-new/index',
  /** 投诉建议: every role's own items and form, the officials' answers; a resident's from the signing page. */
  feedback: 'pages/feedback/index',
} as const

/** `pages/x/index` → { root: 'pages/x', pages: ['index'] } for app.config's subPackages. */
export function ownPackage(page: string): { root: string; pages: string[] } {
  const cut = page.lastIndexOf('/')
  return { root: page.slice(0, cut), pages: [page.slice(cut + 1)] }
}

export const OFFICIAL_PAGES = {
  dashboard: 'dashboard/index',
  grid: 'grid/index',
  household: 'household/index',
  ranking: 'ranking/index',
  gaps: 'gaps/index',
  targets: 'targets/index',
  report: 'report/index',
  /** 人员管理: staff accounts and their 绑定码 / 登录码 (town officials and the county admin). */
  staff: 'staff/index',
  /** 首次设置 of a real deployment, before anyone can sign in; the server prints a link to it (SETUP_PAGE_PATH). */
  setup: 'setup/index',
  /** 导入: areas, staff and the household register from spreadsheets (town officials and the county admin). */
  imports: 'import/index',
  /** 名册变更: what the area's grid workers changed in the register. */
  rosterChanges: 'roster-changes/index',
  /** 核查队列: flagged records and conflicting versions of an area, to decide 已核实 / 不属实. */
  review: 'review/index',
  /** 不在名册: what a register import no longer lists but kept for its records, for an official to confirm. */
  offRegister: 'off-register/index',
  /** 逐案倒查: fraud cases and what the outreach had reached before each (town officials and the county admin). */
  fraudCases: 'fraud-cases/index',
  /** 操作记录: the audit trail, searched (town officials and the county admin). */
  auditLog: 'audit-log/index',
  /** 电话抽查: the 核查员's weekly sample, calls and outcomes (their start page). */
  spotChecks: 'spot-checks/index',
  /** 上级平台导出格式: the county admin's column layouts for the 花名册 and 入户走访登记 exports. */
  exportLayouts: 'export-layouts/index',
} as const

/** Absolute URLs for Taro.navigateTo / reLaunch. */
export const url = {
  home: () => `/${MAIN_PAGES.home}`,
  login: () => `/${MAIN_PAGES.login}`,
  household: (id: string) => withQuery(`/${MAIN_PAGES.household}`, { id }),
  visitNew: (householdId: string) => withQuery(`/${OWN_PACKAGE_PAGES.visitNew}`, { householdId }),
  outbox: () => `/${MAIN_PAGES.outbox}`,
  pledgeSign: (householdId: string, recordId?: string) => withQuery(`/${OWN_PACKAGE_PAGES.pledgeSign}`, { householdId, recordId }),
  pledgeLink: (householdId: string) => withQuery(`/${OWN_PACKAGE_PAGES.pledgeLink}`, { householdId }),
  resident: (id: string, householdId: string) => withQuery(`/${OWN_PACKAGE_PAGES.resident}`, { id, householdId }),
  handoutNew: (householdId: string) => withQuery(`/${OWN_PACKAGE_PAGES.handoutNew}`, { householdId }),
  /** With a signing link's token: the resident's feedback, without sign-in; with a pledge's record id: a worker files
   * the signer's 查阅 / 更正 / 撤回 request. */
  feedback: (token?: string, recordId?: string) => withQuery(`/${OWN_PACKAGE_PAGES.feedback}`, { token, recordId }),
  roster: (mode: 'household' | 'member' | 'resident' | 'status', householdId?: string, residentId?: string) =>
    withQuery(`/${OWN_PACKAGE_PAGES.roster}`, { mode, householdId, residentId }),
  dashboard: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.dashboard}`, { areaId }),
  officialGrid: (areaId: string, filter?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.grid}`, { areaId, filter }),
  ranking: (areaId?: string, name?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.ranking}`, { areaId, name }),
  officialHousehold: (id: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.household}`, { id }),
  gaps: (areaId: string, tab?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.gaps}`, { areaId, tab }),
  targets: (areaId: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.targets}`, { areaId }),
  report: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.report}`, { areaId }),
  staff: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.staff}`, { areaId }),
  setup: () => `/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.setup}`,
  imports: () => `/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.imports}`,
  rosterChanges: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.rosterChanges}`, { areaId }),
  review: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.review}`, { areaId }),
  offRegister: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.offRegister}`, { areaId }),
  fraudCases: (areaId?: string, id?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.fraudCases}`, { areaId, id }),
  auditLog: (areaId?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.auditLog}`, { areaId }),
  exportLayouts: () => `/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.exportLayouts}`,
  spotChecks: (week?: string) => withQuery(`/${OFFICIAL_ROOT}/${OFFICIAL_PAGES.spotChecks}`, { week }),
}

/** Each role's start page: the grid list for a worker, 电话抽查 for a 核查员, the dashboard for officials. */
export function homeUrl(role: Role): string {
  if (role === 'worker') return url.home()
  return role === 'verifier' ? url.spotChecks() : url.dashboard()
}
