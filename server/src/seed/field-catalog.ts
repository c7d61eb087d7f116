// Seeds a county's field catalogue: pledge template v1 (承诺书) and the materials handed out door to door.
import type { Kysely } from 'kysely'
import { templateContentHash, templateId } from '@core/pledge-template'
import type { Database } from '../db/schema'

const PLEDGE_TITLE = '不参与电信网络诈骗活动的承诺书'

// The campaign documents name this pledge but do not give its text ([001 篇十四]); this wording is the product's.
const PLEDGE_CONTENT = [
  '本人及家庭成员已认真阅读《致全县广大群众的告知书》，了解电信网络诈骗的常见手法和危害。为守护好自己和家人的“钱袋子”，郑重承诺：',
  '一、不出租、出借、出售本人的银行卡、电话卡、微信和支付宝账户，不帮他人办卡、注册、实名认证或转账取现。',
  '二、不参与“跑分”、刷单返利、代收代付等活动，不为电信网络诈骗提供引流推广、技术支持、资金结算等任何帮助。',
  '三、不轻信、不透露、不转账：不向陌生人提供身份证件、银行卡号、验证码等个人信息，不点击陌生链接。',
  '四、督促家人下载安装“国家反诈中心”APP并完成实名注册，开启来电预警和短信预警，提醒老人和孩子提高警惕。',
  '五、发现电信网络诈骗线索或可疑人员，及时拨打110或96110向公安机关举报。',
  '如违反以上承诺，本人自愿承担相应的法律责任。',
].join('\n')

/** The catalogue; 回执 (needsReceipt) for what the documents say is handed back signed ([001 篇一], [001 篇九]). */
const MATERIALS = [
  { id: 'mat-notice', name: '告知书', needs_receipt: 1 },
  { id: 'mat-letter', name: '致居民的一封信', needs_receipt: 0 },
  { id: 'mat-card', name: '警民防骗卡', needs_receipt: 1 },
  { id: 'mat-leaflet', name: '宣传单', needs_receipt: 0 },
  { id: 'mat-sign6', name: '“六个一律”宣传牌', needs_receipt: 0 },
] as const

/** Idempotent: a second run leaves the rows as they are. */
export async function seedFieldCatalog(db: Kysely<Database>, countyId: string, now: number): Promise<void> {
  await db
    .insertInto('pledge_templates')
    .values({
      id: templateId(countyId, 1),
      area_id: countyId,
      version: 1,
      title: PLEDGE_TITLE,
      content: PLEDGE_CONTENT,
      content_hash: templateContentHash({ title: PLEDGE_TITLE, content: PLEDGE_CONTENT }),
      created_by: null,
      created_at: now,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
  await db
    .insertInto('materials')
    .values(MATERIALS.map((m, i) => ({ ...m, area_id: countyId, sort: i + 1, active: 1 })))
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}
