// The form rule of #13 "only the proof that is needed": what the install and visit forms (and the server) ask for
// under a campaign's settings, and the county layout's cells for the 上级平台 exports.
import { DEFAULT_PROOF_POLICY, installProofProblem, mayRecordLocation, proofPolicyOf, visitProofProblem, type ProofPolicy } from '../../../src/core/proof-policy'
import { formatDate, layoutCells, unknownLayoutFields } from '../../../src/core/export-layout'
import { InstallBodySchema } from '../../../src/core/schemas/install'

const SHA = 'a'.repeat(64)
const steps = (...s: ('installed' | 'real_name' | 'warning_on')[]) => s.map((step) => ({ step, doneOn: '2026-11-20' }))

describe('install proof', () => {
  it('asks for a screenshot for the steps the campaign names, by default all three', () => {
    expect(installProofProblem(DEFAULT_PROOF_POLICY, { steps: steps('warning_on'), screenshotShas: [] })).toBe('SCREENSHOT_REQUIRED')
    expect(installProofProblem(DEFAULT_PROOF_POLICY, { steps: steps('installed'), screenshotShas: [SHA] })).toBeNull()
  })

  it('takes 居民不愿截图 as an explicit answer, never as a missing proof', () => {
    expect(installProofProblem(DEFAULT_PROOF_POLICY, { steps: steps('installed', 'real_name'), screenshotShas: [], screenshotDeclined: true })).toBeNull()
  })

  it('asks nothing for steps the campaign does not name', () => {
    const policy: ProofPolicy = { ...DEFAULT_PROOF_POLICY, screenshotSteps: ['installed'] }
    expect(installProofProblem(policy, { steps: steps('real_name', 'warning_on'), screenshotShas: [] })).toBeNull()
    expect(installProofProblem(policy, { steps: steps('installed', 'warning_on'), screenshotShas: [] })).toBe('SCREENSHOT_REQUIRED')
    expect(installProofProblem({ ...policy, screenshotSteps: [] }, { steps: steps('installed'), screenshotShas: [] })).toBeNull()
  })

  it('refuses a record that both declines and carries a screenshot', () => {
    const body = { residentId: 'r1', steps: steps('installed'), screenshotShas: [SHA], notes: '' }
    expect(InstallBodySchema.safeParse(body).success).toBe(true)
    expect(InstallBodySchema.safeParse({ ...body, screenshotShas: [] }).success).toBe(true)
    expect(InstallBodySchema.safeParse({ ...body, screenshotDeclined: true }).success).toBe(false)
  })
})

describe('visit proof', () => {
  const visit = { outcome: 'met' as const, location: null, photoShas: undefined as string[] | undefined }

  it('asks for no photo and allows a consented position by default', () => {
    expect(visitProofProblem(DEFAULT_PROOF_POLICY, visit)).toBeNull()
    expect(visitProofProblem(DEFAULT_PROOF_POLICY, { ...visit, location: { lat: 30, lng: 117, accuracy: 20 } })).toBeNull()
    expect(mayRecordLocation(DEFAULT_PROOF_POLICY)).toBe(true)
  })

  it('asks a 见面宣传 visit for a photo when the campaign says so, not a closed door', () => {
    const policy = { ...DEFAULT_PROOF_POLICY, visitPhoto: true }
    expect(visitProofProblem(policy, visit)).toBe('VISIT_PHOTO_REQUIRED')
    expect(visitProofProblem(policy, { ...visit, photoShas: [] })).toBe('VISIT_PHOTO_REQUIRED')
    expect(visitProofProblem(policy, { ...visit, photoShas: [SHA] })).toBeNull()
    expect(visitProofProblem(policy, { ...visit, outcome: 'not_home' })).toBeNull()
  })

  it('refuses a position when the county collects none', () => {
    const policy = { ...DEFAULT_PROOF_POLICY, gps: 'off' as const }
    expect(mayRecordLocation(policy)).toBe(false)
    expect(visitProofProblem(policy, { ...visit, location: { lat: 30, lng: 117, accuracy: 20 } })).toBe('LOCATION_NOT_COLLECTED')
    expect(visitProofProblem(policy, visit)).toBeNull()
  })

  it('reads a stored policy back, the defaults for none or an unreadable one', () => {
    expect(proofPolicyOf(null)).toEqual(DEFAULT_PROOF_POLICY)
    expect(proofPolicyOf('{"gps":"track"}')).toEqual(DEFAULT_PROOF_POLICY)
    expect(proofPolicyOf('{"screenshotSteps":[],"visitPhoto":true,"gps":"off"}')).toEqual({ screenshotSteps: [], visitPhoto: true, gps: 'off' })
  })
})

describe('county export layout', () => {
  it('formats dates as the county names', () => {
    expect(formatDate('2026-11-05', 'YYYY年M月D日')).toBe('2026年11月5日')
    expect(formatDate('2026-11-05', 'YYYYMMDD')).toBe('20261105')
    expect(formatDate('2026-11-05', 'YYYY/MM/DD')).toBe('2026/11/05')
    expect(formatDate(null, 'YYYY.MM.DD')).toBe('')
  })

  it('writes the cells in the layout order, dates formatted, missing ones blank', () => {
    const layout = { columns: [{ field: 'installedOn', header: '安装' }, { field: 'name', header: '姓名' }, { field: 'age', header: '年龄' }], dateFormat: 'YYYY.MM.DD' as const }
    expect(layoutCells(layout, { name: '张三', installedOn: '2026-11-20', age: null })).toEqual(['2026.11.20', '张三', ''])
  })

  it('names the fields a kind does not have', () => {
    expect(unknownLayoutFields('roster', [{ field: 'name' }, { field: 'outcome' }, { field: 'idNumber' }])).toEqual(['outcome', 'idNumber'])
    expect(unknownLayoutFields('visits', [{ field: 'outcome' }, { field: 'visitedOn' }])).toEqual([])
  })
})
