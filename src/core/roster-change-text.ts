// Chinese labels of roster changes (core/schemas/roster-change.ts), for the roster forms, the officials' list and
// the server; apart from the schemas so the main package, which must parse every record, does not carry them.
import type { HouseholdStatus, ResidentStatus, RosterBody } from './schemas/roster-change'

export const RESIDENT_STATUS_LABEL: Record<ResidentStatus, string> = { moved_out: '迁出', dead: '死亡', away: '长期在外', returned: '返乡' }
export const HOUSEHOLD_STATUS_LABEL: Record<HouseholdStatus, string> = { moved_out: '迁出', vacant: '空户', demolished: '拆除' }

const EDITED = { phone: '电话', birthYear: '出生年份', tags: '标签' } as const

/** One line for lists: 新增住户 2栋102（户主 李明）, 王芳 迁出, 修改 李明：电话、标签. */
export function describeRosterChange(body: RosterBody, residentName: string | null = null): string {
  const who = residentName ?? ''
  switch (body.action) {
    case 'add_household':
      return `新增住户 ${body.doorplate}（户主 ${body.headName}）`
    case 'add_resident':
      return `新增家庭成员 ${body.name}`
    case 'edit_resident':
      return `修改 ${who}：${(Object.keys(EDITED) as (keyof typeof EDITED)[]).filter((k) => body[k] !== undefined).map((k) => EDITED[k]).join('、')}`
    case 'resident_status':
      return `${who} ${RESIDENT_STATUS_LABEL[body.status]}`
    case 'household_status':
      return `整户${HOUSEHOLD_STATUS_LABEL[body.status]}`
  }
}
