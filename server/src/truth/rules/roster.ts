// Roster flags (疑似重复人员): one person registered or pledged twice under names that differ only in invisible or
// full-width characters, spaces, dots or look-alikes (nameKey). Only the later of the two is flagged.
// - A new resident whose name matches another resident of the household.
// - A pledge whose signer matches another pledge of the household that the pledge count keeps apart (another
//   signerKey: "张三" by resident r1 and "张 三" with no resident), or a pledge of another household of the village
//   under a name written differently. Namesakes spelled the same in two households are common (王伟) and not flagged.
import { nameKey } from '@core/names'
import { signerKey } from '@core/schemas/pledge'
import type { FactsOf, FlagDraft, KnownResident, KnownSigner, RecordFacts } from './facts'

/** Stored ones come first (-1), then the arrived ones in arrival order; a record is matched against earlier ones. */
type Ordered<T> = T & { order: number; key: string }

interface AddedResident extends KnownResident {
  recordId: string
  order: number
}

function residentPool(residents: readonly KnownResident[], added: readonly AddedResident[]) {
  const pool = new Map<string, Ordered<KnownResident>>()
  for (const p of [...residents.map((r) => ({ ...r, order: -1 })), ...added]) pool.set(p.residentId, { ...p, key: nameKey(p.name) })
  return pool
}

function residentFlags(arrived: readonly RecordFacts[], residents: readonly KnownResident[]): FlagDraft[] {
  const added: AddedResident[] = arrived.flatMap((r, order) =>
    r.kind === 'roster' && r.body.action === 'add_resident' ? [{ recordId: r.id, householdId: r.householdId, residentId: r.body.residentId, name: r.body.name, order }] : [],
  )
  if (!added.length) return []
  const households = new Set(added.map((a) => a.householdId))
  const pool = residentPool(residents.filter((r) => households.has(r.householdId)), added)
  const drafts: FlagDraft[] = []
  for (const a of added) {
    const key = nameKey(a.name)
    const matches = [...pool.values()].filter(
      (p) => p.order < a.order && key !== '' && p.key === key && p.householdId === a.householdId && p.residentId !== a.residentId,
    )
    if (!matches.length) continue
    drafts.push({
      recordId: a.recordId,
      kind: 'duplicate_person',
      evidence: {
        scope: 'household',
        householdId: a.householdId,
        names: [a.name, ...matches.map((m) => m.name)],
        residentId: a.residentId,
        matches: matches.map((m) => ({ residentId: m.residentId, name: m.name })),
      },
    })
  }
  return drafts
}

const compact = (name: string) => name.replace(/\s+/g, '')

function signerPool(signers: readonly KnownSigner[], pledges: { r: FactsOf<'pledge'>; order: number }[]) {
  const pool = new Map<string, Ordered<KnownSigner>>()
  for (const s of signers) pool.set(s.recordId, { ...s, order: -1, key: nameKey(s.name) })
  for (const { r, order } of pledges) {
    const { signerName: name, residentId } = r.body
    pool.set(r.id, { recordId: r.id, householdId: r.householdId, villageId: r.villageId, residentId, name, order, key: nameKey(name) })
  }
  return pool
}

/** Whether the pledge counting would count `a` and `b` as two signers though their names are one. */
function countedTwice(a: KnownSigner, b: KnownSigner): boolean {
  if (a.householdId === b.householdId) return signerKey({ residentId: a.residentId, signerName: a.name }) !== signerKey({ residentId: b.residentId, signerName: b.name })
  return compact(a.name) !== compact(b.name)
}

function pledgeFlags(arrived: readonly RecordFacts[], signers: readonly KnownSigner[]): FlagDraft[] {
  const pledges = arrived.flatMap((r, order) => (r.kind === 'pledge' ? [{ r, order }] : []))
  if (!pledges.length) return []
  const villages = new Set(pledges.map((p) => p.r.villageId))
  const pool = signerPool(signers.filter((s) => villages.has(s.villageId)), pledges)
  const drafts: FlagDraft[] = []
  for (const { r } of pledges) {
    const self = pool.get(r.id)!
    const matches = [...pool.values()].filter(
      (p) => p.order < self.order && p.key !== '' && p.key === self.key && p.villageId === self.villageId && p.recordId !== self.recordId && countedTwice(p, self),
    )
    if (!matches.length) continue
    drafts.push({
      recordId: r.id,
      kind: 'duplicate_person',
      evidence: {
        scope: matches.some((m) => m.householdId === self.householdId) ? 'household' : 'village',
        householdId: self.householdId,
        names: [self.name, ...matches.map((m) => m.name)],
        matches: matches.map((m) => ({ recordId: m.recordId, householdId: m.householdId, residentId: m.residentId, name: m.name })),
      },
    })
  }
  return drafts
}

export function rosterFlags(arrived: readonly RecordFacts[], residents: readonly KnownResident[], signers: readonly KnownSigner[]): FlagDraft[] {
  return [...residentFlags(arrived, residents), ...pledgeFlags(arrived, signers)]
}
