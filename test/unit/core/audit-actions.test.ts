// 操作记录's text: actions in Chinese with the stored action as fallback, and a stored detail as one short line.
import { auditActionLabel, summariseAuditDetail } from '../../../src/core/audit-actions'

it('labels known actions in Chinese and leaves unknown ones as stored', () => {
  expect(auditActionLabel('case.create')).toBe('新增电诈案件')
  expect(auditActionLabel('login')).toBe('登录')
  expect(auditActionLabel('something.new')).toBe('something.new')
})

it('summarises a detail object, leaving out empty values and cutting long ones', () => {
  expect(summariseAuditDetail('{"from":"flagged","to":"false","comment":""}')).toBe('from=flagged，to=false')
  expect(summariseAuditDetail('{"counts":{"stored":2}}')).toBe('counts={"stored":2}')
  expect(summariseAuditDetail('{}')).toBe('')
  const long = summariseAuditDetail(JSON.stringify({ note: 'x'.repeat(500) }))
  expect(long).toHaveLength(120)
  expect(long.endsWith('…')).toBe(true)
  expect(summariseAuditDetail('not json')).toBe('not json')
})
