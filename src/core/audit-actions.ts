// The audit trail's actions in Chinese for 操作记录; an action not listed here is shown as it is stored.
export const AUDIT_ACTION_LABEL: Record<string, string> = {
  login: '登录',
  'login.locked': '登录被锁定',
  logout: '退出登录',
  'wechat.bind': '绑定微信',
  'link_key.fetch': '获取签署链接密钥',
  setup: '首次设置',
  'setup.code': '生成设置码',
  'sync.push': '上传记录',
  'record.conflict': '记录内容冲突',
  'media.upload': '上传图片',
  'household.view': '查看住户详情',
  'household.list': '查看住户名单',
  'resident.list': '查看居民名单',
  'media.view': '查看图片（截图、签名）',
  'pledge.view': '查看承诺书',
  'pledge.list': '查看承诺书名单',
  'sync.pull': '下载住户与居民数据',
  'household.delete': '删除住户',
  'pledge.export_pdf': '导出承诺书 PDF',
  'pledge_template.publish': '发布承诺书模板',
  'sign_link.view': '居民打开签署链接',
  'sign_link.view.refused': '签署链接被拒（打开）',
  'sign_link.sign': '居民扫码签署',
  'sign_link.sign.refused': '签署链接被拒（签署）',
  'campaign.create': '新建宣传行动',
  'campaign.update': '修改宣传行动',
  'campaign.proof': '设定佐证要求',
  'target.set': '设定目标',
  'target.restore': '恢复继承目标',
  'export.ranking': '导出排名',
  'export.roster': '导出花名册',
  'export.roster-zip': '导出花名册截图包',
  'export.visits': '导出入户走访登记',
  'export_layout.set': '设定上级平台导出格式',
  'report.export': '导出月报',
  'import.upload': '上传导入文件',
  'import.apply': '应用导入',
  'area.create': '新增区域',
  'area.rename': '区域改名',
  'user.create': '新增人员',
  'user.update': '修改人员',
  'user.move': '调动人员',
  'user.deactivate': '停用账号',
  'user.reactivate': '恢复账号',
  'code.issue': '发放绑定码/登录码',
  'code.revoke': '作废绑定码',
  'register.off.list': '查看不在名册名单',
  'register.off.keep': '确认仍在名册',
  'register.off.remove': '确认移出名册',
  'review.decide': '核查结论',
  'review.undo': '撤销核查结论',
  'review.queue.view': '查看核查队列',
  'review.view': '查看记录核查情况',
  'conflict.decide': '处理内容不一致记录',
  'case.create': '新增电诈案件',
  'case.view': '查看案件倒查',
  'feedback.create': '提交投诉建议',
  'feedback.answer': '答复投诉建议',
  'feedback.list': '查看投诉建议',
  'data_request.list': '查看个人信息申请',
  'data_request.answer': '答复个人信息申请',
  'data_request.correct': '更正承诺书签署人姓名',
  'data_request.withdraw': '撤回承诺书并清除签名',
  'retention.plan': '个人信息到期清除（试运行）',
  'retention.purge': '个人信息到期清除',
}

/** The Chinese label of an action, or the action itself. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABEL[action] ?? action
}

const SUMMARY_MAX = 120

/** A stored detail (JSON object) as one short line: `to=false，from=flagged`; long values and lines are cut with …. */
export function summariseAuditDetail(detail: string): string {
  let parsed: unknown
  try {
    parsed = JSON.parse(detail)
  } catch {
    return cut(detail)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return cut(JSON.stringify(parsed))
  const parts = Object.entries(parsed as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'object' ? cut(JSON.stringify(v), 40) : String(v)}`)
  return cut(parts.join('，'))
}

function cut(text: string, max = SUMMARY_MAX): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}
