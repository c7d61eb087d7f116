// Every Chinese string the app shows (error messages from the server come from core/errors.ts instead).
import { formatChinaTime } from '@core/china-time'

const MINUTE = 60_000
const HOUR = 60 * MINUTE

/** "刚刚", "5分钟前", "3小时前", else the China-time date and time. */
function ago(ms: number, now: number): string {
  const d = now - ms
  if (d < MINUTE) return '刚刚'
  if (d < HOUR) return `${Math.floor(d / MINUTE)}分钟前`
  if (d < 24 * HOUR) return `${Math.floor(d / HOUR)}小时前`
  return formatChinaTime(ms)
}

/** "30秒后", "2分钟后" for the next automatic retry. */
function inTime(ms: number, now: number): string {
  const d = Math.max(0, ms - now)
  if (d < MINUTE) return `${Math.max(1, Math.round(d / 1000))}秒后`
  return `${Math.round(d / MINUTE)}分钟后`
}

export const zh = {
  appName: '反诈入户通',
  common: {
    loading: '加载中…',
    refresh: '刷新',
    logout: '退出登录',
    relogin: '重新登录',
    confirm: '确定',
    cancel: '取消',
    networkError: '网络不可用，请检查网络后重试',
    timeout: '网络太慢，请求超时，请稍后重试',
    badResponse: '服务器返回的数据无法识别，请稍后重试',
    unknownError: '操作失败，请稍后重试',
  },
  login: {
    subtitle: '入户走访登记 · 覆盖统计',
    codeLabel: '登录码',
    codePlaceholder: '请输入管理员发放的登录码',
    submit: '登录',
    wechat: '微信登录',
    or: '或',
    bindLabel: '绑定码',
    bindPlaceholder: '首次微信登录请输入绑定码',
    bindSubmit: '绑定并登录',
    codeRequired: '请输入登录码',
    bindRequired: '请输入绑定码',
    wechatFailed: '无法获取微信登录凭证，请稍后重试或使用登录码',
    signedInAs: (name: string) => `当前账号：${name}`,
  },
  logoutConfirm: {
    title: '退出登录',
    pending: (n: number) => `还有 ${n} 条记录未同步。退出后记录仍保留在本机，用同一账号再次登录后会继续同步。确定退出？`,
    plain: '确定退出当前账号？',
  },
  sync: {
    pending: (n: number) => `待同步 ${n} 条`,
    syncing: '正在同步…',
    now: '同步',
    lastSync: (ms: number, now: number) => `上次同步：${ago(ms, now)}`,
    never: '上次同步：尚未同步',
    nextRetry: (ms: number, now: number) => `${inTime(ms, now)}自动重试`,
    attention: (n: number) => `${n} 条需处理`,
    storageWarn: (used: number, limit: number) => `手机存储已用 ${used}/${limit} KB，请尽快联网同步`,
    storageFull: '手机存储已满，新记录无法保存。请先联网同步。',
    sessionExpired: '登录已过期，记录仍保存在本机。重新登录后继续同步。',
  },
  home: {
    searchPlaceholder: '搜索户主姓名或门牌号',
    counts: (todo: number, total: number) => `未走访 ${todo} / 共 ${total}`,
    empty: '本网格暂无住户数据，请联网后点“同步”下载',
    noMatch: '没有符合条件的住户',
    outbox: '本机记录',
    head: '户主',
    more: (n: number) => `显示更多（还有 ${n} 户）`,
  },
  household: {
    head: '户主',
    residents: '家庭成员',
    noResidents: '暂无家庭成员信息',
    age: (n: number) => `${n}岁`,
    records: '本机走访记录',
    noRecords: '本机暂无该户的走访记录',
    visit: '登记走访',
    notFound: '找不到该户，请返回列表后同步',
    gender: { M: '男', F: '女' } as Record<string, string>,
  },
  visit: {
    outcome: '走访结果',
    peopleMet: '交谈人数',
    residents: '交谈的家庭成员',
    notes: '备注',
    notesPlaceholder: '可填写宣传内容、群众反映的问题等（500字以内）',
    time: '走访时间',
    location: '位置',
    locating: '正在获取位置…',
    located: (acc: number) => `已获取位置（误差约 ${Math.round(acc)} 米）`,
    noLocation: '未获取到位置（不影响保存）',
    save: '保存',
    saving: '正在保存…',
    saved: '已保存',
    saveFailedTitle: '无法保存',
    errors: {
      outcome: '请选择走访结果',
      peopleMet: '交谈人数应为 0～50 之间的整数',
      peopleMetMet: '见面宣传时交谈人数至少为 1',
      residentIds: '勾选的家庭成员有误',
      notes: '备注不能超过 500 字',
      visitedAt: '走访时间不能晚于现在',
      location: '位置数据有误',
    },
  },
  outbox: {
    empty: '本机没有待处理的记录',
    hint: '已同步的记录在下次同步完成后从本机清除；被退回或冲突的记录会一直保留，请联系管理员核查。',
    states: {
      pending: '待同步',
      synced: '已同步',
      rejected: '被退回',
      conflict: '内容冲突',
    } as Record<string, string>,
    unknownHousehold: '（本机无此户信息）',
  },
  dashboard: {
    title: '覆盖统计',
    households: '户数',
    visited: '已走访',
    coverage: '覆盖率',
    thisWeek: '本周走访',
    children: { town: '各镇（街道）', village: '各村（社区）', grid: '各网格' } as Record<string, string>,
    unvisited: '未走访户',
    unvisitedTotal: (n: number) => `共 ${n} 户`,
    attempted: '曾敲门未遇',
    noUnvisited: '全部住户均已走访',
    prev: '上一页',
    next: '下一页',
    page: (p: number, pages: number) => `第 ${p}/${pages} 页`,
    updatedAt: (s: string) => `数据时间：${s}`,
    noRows: '暂无下级数据',
    pledged: '承诺书签署户',
    pledgeRate: '承诺',
    target: (n: number) => `16–60 周岁 ${n} 人`,
    installed: '安装',
    realName: '实名',
    warningOn: '预警',
    handouts: '资料发放',
    pieces: (n: number) => `${n} 份`,
  },
  ago,
}
