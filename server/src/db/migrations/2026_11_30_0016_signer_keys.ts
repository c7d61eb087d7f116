// Pledges by name only (no resident id) are matched by the name's match key (core/names.ts) instead of the name
// without spaces: "张\u200b三", "张 三" and full-width or look-alike spellings are one signer. Recomputes the stored
// keys that change, and the pledge counts of their households (bumping their change number so phones pull them).
// The key function is copied here as it was on this day: a migration must give the same result whatever the code
// later becomes (and may import only kysely).
import { sql, type Kysely } from 'kysely'

/** Zero-width, bidi and other invisible format characters, variation selectors and every kind of space. */
const INVISIBLE = /[\p{Cf}\p{White_Space}\u3164\uffa0]|\p{Variation_Selector}|\u034f|\u115f|\u1160|\u17b4|\u17b5/gu

/** Dots between the parts of a transcribed name (阿卜杜·热合曼) are typed in many forms, or left out. */
const NAME_DOTS = /[.·•‧∙⋅・･]/g

/**
 * Characters that look like a CJK character used in names, mapped to it: katakana and symbols that render the same
 * in most fonts (ロ/口, 一/ー/—, 〇/○), and Cyrillic letters that look Latin (pinyin names). NFKC already folds
 * full-width forms, Kangxi radicals and CJK compatibility ideographs.
 */
const LOOK_ALIKES: Record<string, string> = {
  'ロ': '口',
  '囗': '口',
  'ー': '一',
  '-': '一',
  '‐': '一',
  '‑': '一',
  '‒': '一',
  '–': '一',
  '—': '一',
  '―': '一',
  '−': '一',
  '─': '一',
  'ニ': '二',
  'エ': '工',
  'カ': '力',
  'タ': '夕',
  'ト': '卜',
  'ハ': '八',
  '○': '〇',
  '◯': '〇',
  'а': 'a',
  'е': 'e',
  'о': 'o',
  'р': 'p',
  'с': 'c',
  'у': 'y',
  'х': 'x',
  'і': 'i',
}
const LOOK_ALIKE_CHARS = new RegExp(`[${Object.keys(LOOK_ALIKES).join('').replace(/[-\]\\^]/g, '\\$&')}]`, 'g')

function nameKey(name: string): string {
  const folded = name.replace(INVISIBLE, '').normalize('NFKC').toLowerCase()
  const mapped = folded.replace(NAME_DOTS, '').replace(LOOK_ALIKE_CHARS, (c) => LOOK_ALIKES[c])
  // NFKC can itself produce spaces (U+00A8 becomes a space and a diaeresis); a second pass settles them.
  return mapped.replace(INVISIBLE, '').replace(NAME_DOTS, '').normalize('NFKC')
}

export async function up(db: Kysely<any>): Promise<void> {
  const rows: { record_id: string; household_id: string; signer_key: string; signer_name: string }[] = await db
    .selectFrom('pledges')
    .select(['record_id', 'household_id', 'signer_key', 'signer_name'])
    .where('signer_key', 'like', 'n:%')
    .execute()
  const changed = rows.filter((r) => r.signer_key !== `n:${nameKey(r.signer_name)}`)
  for (const r of changed) {
    await db.updateTable('pledges').set({ signer_key: `n:${nameKey(r.signer_name)}` }).where('record_id', '=', r.record_id).execute()
  }
  for (const householdId of [...new Set(changed.map((r) => r.household_id))]) await recount(db, householdId)
}

/** The household's distinct counted signers (as services/record-kinds pledgeCounts), with a new change number. */
async function recount(db: Kysely<any>, householdId: string): Promise<void> {
  const { value } = await db
    .updateTable('counters')
    .set({ value: sql`value + 1` })
    .where('name', '=', 'rev')
    .returning('value')
    .executeTakeFirstOrThrow()
  const signers = await db
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select(sql<number>`count(distinct p.signer_key)`.as('n'))
    .where('p.household_id', '=', householdId)
    .where('r.superseded_by', 'is', null)
    .where('r.review_state', '<>', 'false')
    .executeTakeFirstOrThrow()
  await db.updateTable('households').set({ pledge_count: Number(signers.n), rev: Number(value) }).where('id', '=', householdId).execute()
}

export async function down(): Promise<void> {
  // The old keys cannot be told apart again; the new ones stay valid for the old rule's plain names.
}
