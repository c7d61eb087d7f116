// The 电话抽查 sample: every village and worker represented, every flagged record in, nobody twice, and the same
// sample again from the same seed whatever order the candidates come in.
import { drawSample, type SpotCandidate } from '../../../server/src/truth/sampling'

/** Villages v1…v3; v1 has 3 workers, v2 one worker with few residents, v3 two; a few flagged records. */
function candidates(): SpotCandidate[] {
  const out: SpotCandidate[] = []
  const add = (villageId: string, workerId: string, n: number) => {
    for (let i = 1; i <= n; i++) {
      const residentId = `${villageId}-${workerId}-r${String(i).padStart(2, '0')}`
      out.push({ residentId, householdId: `${residentId}-h`, villageId, workerId, reason: 'sample', recordIds: [`rec-${residentId}`] })
    }
  }
  add('v1', 'wa', 20)
  add('v1', 'wb', 15)
  add('v1', 'wc', 1)
  add('v2', 'wd', 3)
  add('v3', 'we', 12)
  add('v3', 'wf', 12)
  // Flagged: one resident also a sample candidate (another record of theirs), one only flagged.
  out.push({ residentId: 'v1-wa-r03', householdId: 'v1-wa-r03-h', villageId: 'v1', workerId: 'wa', reason: 'flagged', recordIds: ['flag-1'] })
  out.push({ residentId: 'v3-x-r01', householdId: 'v3-x-h', villageId: 'v3', workerId: 'wf', reason: 'flagged', recordIds: ['flag-2'] })
  return out
}

function shuffled<T>(items: T[], seed: number): T[] {
  const a = [...items]
  let s = seed
  for (let i = a.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648
    const j = s % (i + 1)
    ;[a[i], a[j]] = [a[j], a[i]]
  }
  return a
}

describe('drawSample', () => {
  const SEED = '5f0e3c1d9a7b2c44'

  it('represents every village and every worker with candidates', () => {
    const sample = drawSample(candidates(), SEED, 2)
    expect(new Set(sample.map((s) => s.villageId))).toEqual(new Set(['v1', 'v2', 'v3']))
    expect(new Set(sample.map((s) => s.workerId))).toEqual(new Set(['wa', 'wb', 'wc', 'wd', 'we', 'wf']))
  })

  it('draws perVillage residents per village besides the flagged ones, more only to cover every worker', () => {
    const sample = drawSample(candidates(), SEED, 5)
    const drawnIn = (v: string) => sample.filter((s) => s.villageId === v && s.reason === 'sample').length
    expect(drawnIn('v1')).toBe(5)
    // v2 has only 3 candidates.
    expect(drawnIn('v2')).toBe(3)
    expect(drawnIn('v3')).toBe(5)
    // With 1 per village, v1's three workers still each get one: wa by the flagged resident, wb and wc drawn.
    const v1 = drawSample(candidates(), SEED, 1).filter((s) => s.villageId === 'v1')
    expect(v1.map((s) => `${s.workerId}:${s.reason}`).sort()).toEqual(['wa:flagged', 'wb:sample', 'wc:sample'])
  })

  it('includes every flagged record, merged with the same resident’s other records', () => {
    const sample = drawSample(candidates(), SEED, 1)
    const flagged = sample.filter((s) => s.reason === 'flagged')
    expect(flagged.map((s) => s.residentId).sort()).toEqual(['v1-wa-r03', 'v3-x-r01'])
    expect(flagged.find((s) => s.residentId === 'v1-wa-r03')!.recordIds).toEqual(['flag-1', 'rec-v1-wa-r03'])
  })

  it('never draws a resident twice', () => {
    for (const n of [1, 3, 10, 100]) {
      const ids = drawSample(candidates(), SEED, n).map((s) => s.residentId)
      expect(new Set(ids).size).toBe(ids.length)
    }
    expect(drawSample(candidates(), SEED, 100)).toHaveLength(new Set(candidates().map((c) => c.residentId)).size)
  })

  it('is reproducible from the seed whatever order the candidates come in, and another seed draws otherwise', () => {
    const first = drawSample(candidates(), SEED, 3)
    expect(drawSample(shuffled(candidates(), 1), SEED, 3)).toEqual(first)
    expect(drawSample(shuffled(candidates(), 2), SEED, 3)).toEqual(first)
    const others = ['a1', 'b2', 'c3'].map((seed) => drawSample(candidates(), seed, 3).map((s) => s.residentId).join())
    expect(others.some((o) => o !== first.map((s) => s.residentId).join())).toBe(true)
  })

  it('draws each village’s residents without bias towards the first ids (over many seeds every resident comes up)', () => {
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) for (const s of drawSample(candidates(), `seed-${i}`, 3)) seen.add(s.residentId)
    expect(seen.size).toBe(new Set(candidates().map((c) => c.residentId)).size)
  })
})
