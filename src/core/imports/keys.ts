// How an import recognises the same place or person written two ways: the match keys of names and doorplates.
//
// A key folds what a typist varies without meaning to, and nothing else:
// - full-width letters, digits and punctuation become ASCII (NFKC): `２栋１０２室` → `2栋102室`;
// - every space goes, including the ideographic one: `2栋 102` → `2栋102`, `李 明` → `李明`;
// - Latin letters become lower case (`A座` = `a座`), dashes of every kind become `-`, middle dots become `·`.
// So `2栋 102`, `２栋１０２` and `2栋102` are one doorplate, but `2栋102` and `2栋2单元102室` are two: the import never
// guesses that a shorter doorplate means a longer one.

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g
const DOTS = /[\u00B7\u2022\u2027\u2219\u22C5\u30FB\uFF65]/g

/** Text NFKC and the folds below leave as it is (common CJK, ASCII digits and lower-case letters): most cells. */
const ALREADY_KEY = /^[0-9a-z\u4e00-\u9fff-]*$/

export function matchKey(text: string): string {
  if (ALREADY_KEY.test(text)) return text
  return text.normalize('NFKC').replace(/\s+/g, '').toLowerCase().replace(DASHES, '-').replace(DOTS, '·')
}

/** Text as stored and shown: trimmed, runs of spaces (any width) made one ASCII space. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim()
}
