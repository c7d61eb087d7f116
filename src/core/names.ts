// Match keys for people's names: one name typed with invisible characters, full-width forms, spaces, dots or
// look-alike characters gives one key, so "张 三", "张\u200b三" and "张三" are recognised as the same person.

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

/**
 * The key two spellings of one person's name share: invisible characters and spaces removed, NFKC, lower case,
 * name dots removed and look-alikes mapped. Idempotent: nameKey(nameKey(x)) === nameKey(x).
 * Example: nameKey('张\u3000三') === nameKey('张三'); nameKey('ロ红') === nameKey('口红').
 */
export function nameKey(name: string): string {
  const folded = name.replace(INVISIBLE, '').normalize('NFKC').toLowerCase()
  const mapped = folded.replace(NAME_DOTS, '').replace(LOOK_ALIKE_CHARS, (c) => LOOK_ALIKES[c])
  // NFKC can itself produce spaces (U+00A8 becomes a space and a diaeresis); a second pass settles them.
  return mapped.replace(INVISIBLE, '').replace(NAME_DOTS, '').normalize('NFKC')
}
