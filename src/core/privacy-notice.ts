// The notice a resident reads before signing (个人信息告知): what is collected, why, who sees it, for how long, and
// their rights. One text, used by the signing page and the resident's copy; the period comes from the server's
// RETENTION_DAYS setting (server/src/config.ts), sent with the signing page.

/** Days after a campaign ends before its personal data and images are deleted, unless a deployment sets another. */
export const DEFAULT_RETENTION_DAYS = 180

export interface PrivacyNoticeItem {
  /** Stable key, e.g. for element ids. */
  key: 'what' | 'why' | 'who' | 'howLong' | 'rights'
  label: string
  text: string
}

export const PRIVACY_NOTICE_TITLE = '个人信息告知'

export function privacyNotice(retentionDays: number): PrivacyNoticeItem[] {
  return [
    {
      key: 'what',
      label: '收集哪些信息',
      text: '您填写的姓名和手写签名；网格员登记的本户门牌号、家庭成员姓名、手机号（页面上只显示部分号码）和出生年份（只用于统计 16～60 岁人群）。不收集身份证号。',
    },
    {
      key: 'why',
      label: '用来做什么',
      text: '只用于记录本户已签署反诈承诺书、统计反诈宣传的覆盖情况，不作他用，不对外提供。',
    },
    {
      key: 'who',
      label: '谁能看到',
      text: '只有您所在村（社区）、镇（街道）负责反诈宣传的工作人员和县级管理员，在工作范围内查看；每次查看、修改都有记录。',
    },
    {
      key: 'howLong',
      label: '保存多久',
      text: `本次宣传活动结束 ${retentionDays} 天后，删除姓名、电话、签名和照片，只保留不含个人信息的统计数字。`,
    },
    {
      key: 'rights',
      label: '您的权利',
      text: '签署后，您可以通过网格员，或在本页下方的“投诉建议”中，申请查阅、更正或撤回您的承诺书和个人信息。',
    },
  ]
}
