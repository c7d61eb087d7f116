import { CampaignInputSchema, phasesProblem } from '../../../../src/core/schemas/targets'

const p = (startsOn: string, endsOn: string) => ({ name: '阶段', startsOn, endsOn })

describe('campaign phases', () => {
  it('accepts ordered phases, touching or with a gap', () => {
    expect(phasesProblem([p('2026-11-01', '2026-11-15'), p('2026-11-16', '2027-03-31')])).toBeNull()
    expect(phasesProblem([p('2026-11-01', '2026-11-01'), p('2026-12-01', '2026-12-31')])).toBeNull()
  })
  it('refuses a phase ending before it starts, overlapping dates (inclusive) and a wrong order', () => {
    expect(phasesProblem([p('2026-11-15', '2026-11-14')])).toBe('PHASE_ENDS_BEFORE_START')
    expect(phasesProblem([p('2026-11-01', '2026-11-15'), p('2026-11-15', '2026-12-31')])).toBe('PHASES_OVERLAP')
    expect(phasesProblem([p('2026-12-01', '2026-12-31'), p('2026-11-01', '2026-11-15')])).toBe('PHASES_OVERLAP')
  })
  it('limits the count to six and trims names, with Chinese messages', () => {
    const seven = Array.from({ length: 7 }, (_, i) => p(`2027-0${i + 1}-01`, `2027-0${i + 1}-02`))
    const res = CampaignInputSchema.safeParse({ name: '行动', phases: seven })
    expect(res.success).toBe(false)
    expect(res.error?.issues[0].message).toBe('最多6个阶段')
    expect(CampaignInputSchema.parse({ name: ' 行动 ', phases: [{ ...p('2026-11-01', '2026-11-02'), name: ' 筹划 ' }] })).toMatchObject({ name: '行动', phases: [{ name: '筹划' }] })
    expect(CampaignInputSchema.safeParse({ name: '行动', phases: [{ ...p('2026-11-01', '2026-11-02'), name: '  ' }] }).error?.issues[0].message).toBe('请填写阶段名称')
  })
})
