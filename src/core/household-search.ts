// The worker's list search: one query finds a household by a member's name, a phone's last digits or the doorplate.
//
// Text is folded with the imports' matchKey (full-width → ASCII, no spaces, lower case), so `２栋 １０２` = `2栋102`.
// - name: any member's (or the head's) name contains the query: `明` finds 李明;
// - phone: a query of 3+ digits finds a member whose phone ends with it: `5678` finds 13812345678;
// - doorplate: the query's pieces appear in the doorplate in that order, a piece being a run of digits or of other
//   characters, and a typed space always ends a piece: `2栋 102` (and `2栋102`) finds `2栋2单元102室`, `102 2栋` does
//   not, and `1组 8` is `1`,`组`,`8`, never `1组18`.
import { matchKey } from './imports/keys'

export interface SearchableHousehold {
  id: string
  doorplate: string
  headName: string
}

export interface SearchableResident {
  householdId: string
  name: string
  phone: string | null
}

interface HouseholdKeys {
  doorplate: string
  names: string[]
  /** Digits only, so `138 1234 5678` and `138-1234-5678` match like `13812345678`. */
  phones: string[]
}

export type HouseholdSearchIndex = Map<string, HouseholdKeys>

const MIN_PHONE_DIGITS = 3

/** Folds every household's doorplate, names and phones once, so each keystroke only compares strings. */
export function indexHouseholds(households: SearchableHousehold[], residents: SearchableResident[]): HouseholdSearchIndex {
  const index: HouseholdSearchIndex = new Map()
  for (const h of households) index.set(h.id, { doorplate: matchKey(h.doorplate), names: [matchKey(h.headName)], phones: [] })
  for (const r of residents) {
    const keys = index.get(r.householdId)
    if (!keys) continue
    keys.names.push(matchKey(r.name))
    const digits = r.phone?.replace(/\D/g, '')
    if (digits) keys.phones.push(digits)
  }
  return index
}

interface Query {
  whole: string
  /** Set when the query is only digits, long enough to be a phone's tail. */
  phoneTail: string | null
  pieces: string[]
}

function parseQuery(text: string): Query | null {
  const whole = matchKey(text)
  if (!whole) return null
  // Split at the typed spaces before folding, which drops them: `1组 8` is `1`,`组`,`8`, never `18`.
  const pieces = text.split(/\s+/).flatMap((token) => matchKey(token).match(/\d+|\D+/g) ?? [])
  return { whole, phoneTail: /^\d+$/.test(whole) && whole.length >= MIN_PHONE_DIGITS ? whole : null, pieces }
}

/** The pieces occur in `text` one after another (each after the end of the previous one). */
function inOrder(text: string, pieces: string[]): boolean {
  let from = 0
  for (const piece of pieces) {
    const at = text.indexOf(piece, from)
    if (at < 0) return false
    from = at + piece.length
  }
  return true
}

function matches(keys: HouseholdKeys, q: Query): boolean {
  if (keys.names.some((n) => n.includes(q.whole))) return true
  const tail = q.phoneTail
  if (tail && keys.phones.some((p) => p.endsWith(tail))) return true
  return inOrder(keys.doorplate, q.pieces)
}

/** The rows whose household matches `query`, in the order given; all rows for a blank query. */
export function searchHouseholds<T>(rows: T[], idOf: (row: T) => string, index: HouseholdSearchIndex, query: string): T[] {
  const q = parseQuery(query)
  if (!q) return rows
  return rows.filter((row) => {
    const keys = index.get(idOf(row))
    return keys !== undefined && matches(keys, q)
  })
}
