// Reading the cells of an imported row: gender, birth year (from a date, an age or an ID number), phone, tags.
// Each reader gives a value or a Chinese reason; a reason quotes the cell through quoteCell, which never repeats
// anything shaped like an ID number.
import { cleanText, matchKey } from './keys'

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string }

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value })
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason })

/** 15 or 18 characters of an ID number anywhere in the text. */
const ID_LIKE = /\d{17}[\dXx]|\d{15}/

/** What the table readers keep instead of an ID number found outside the ID column. */
export const ID_HIDDEN = '（疑似身份证号，已隐去）'

export function looksLikeIdNumber(text: string): boolean {
  return ID_LIKE.test(text.replace(/\s+/g, '')) || text.includes(ID_HIDDEN)
}

/** A cell's text for a reason: short, and an ID number never (not even in an unexpected column). */
export function quoteCell(text: string): string {
  if (looksLikeIdNumber(text)) return '「（疑似身份证号，已隐去）」'
  const chars = Array.from(text)
  return `「${chars.length > 20 ? `${chars.slice(0, 20).join('')}…` : text}」`
}

export type Gender = 'M' | 'F'

const GENDERS: Record<string, Gender> = { 男: 'M', 男性: 'M', m: 'M', male: 'M', 女: 'F', 女性: 'F', f: 'F', female: 'F' }

export function parseGender(text: string): Parsed<Gender> {
  const g = GENDERS[matchKey(text)]
  return g ? ok(g) : fail(`性别${quoteCell(text)}无法识别，应为“男”或“女”`)
}

const OLDEST_AGE = 120

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
  return d <= days[m - 1]
}

function yearInRange(year: number, thisYear: number): boolean {
  return year >= thisYear - OLDEST_AGE && year <= thisYear
}

/**
 * The birth year in a 出生日期 / 出生年月 cell: 1980-05-03, 1980/5/3, 1980.5.3, 1980年5月3日, 19800503, 1980-05,
 * 1980.05, 1980年5月, 198005, 1980年, 1980. An Excel date arrives already as YYYY-MM-DD (see the table readers).
 * Only the year is kept: the register needs no more to count the 16–60 base.
 */
export function parseBirthDate(text: string, thisYear: number): Parsed<number> {
  // A date-time written out (1980-05-03 00:00:00) keeps its date.
  const t = text.normalize('NFKC').trim().replace(/[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/, '').replace(/\s+/g, '')
  let m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?$/.exec(t)
  let y: number | null = null
  if (m) {
    const [yy, mm, dd] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])]
    if (validDate(yy, mm, dd)) y = yy
  } else if ((m = /^(\d{4})(\d{2})(\d{2})?$/.exec(t))) {
    const [yy, mm, dd] = [Number(m[1]), Number(m[2]), m[3] === undefined ? 1 : Number(m[3])]
    if (validDate(yy, mm, dd)) y = yy
  } else if ((m = /^(\d{4})年?$/.exec(t))) {
    y = Number(m[1])
  }
  if (y === null) return fail(`出生日期${quoteCell(text)}无法识别，请写成“1980-05-03”或“1980年5月”`)
  if (!yearInRange(y, thisYear)) return fail(`出生日期${quoteCell(text)}不在合理范围内（${thisYear - OLDEST_AGE}–${thisYear}年）`)
  return ok(y)
}

/** 45, 45岁, 45周岁 → the year of birth, counted in years of the import's China year. */
export function parseAge(text: string, thisYear: number): Parsed<number> {
  const m = /^(\d{1,3})(?:周?岁)?$/.exec(text.normalize('NFKC').replace(/\s+/g, ''))
  if (!m || Number(m[1]) > OLDEST_AGE) return fail(`年龄${quoteCell(text)}无法识别，应为 0–${OLDEST_AGE} 的整数`)
  return ok(thisYear - Number(m[1]))
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** What an ID number is used for, and all that is kept of it. */
export interface FromIdNumber {
  birthYear: number
  gender: Gender
}

/**
 * The birth year and gender in an 18-digit (checked with its last character) or 15-digit ID number. The reason
 * never contains the number.
 */
export function parseIdNumber(text: string, thisYear: number): Parsed<FromIdNumber> {
  const t = text.normalize('NFKC').replace(/\s+/g, '').toUpperCase()
  let y: number, m: number, d: number, genderDigit: number
  if (/^\d{17}[\dX]$/.test(t)) {
    const sum = ID_WEIGHTS.reduce((s, w, i) => s + w * Number(t[i]), 0)
    if (ID_CHECK[sum % 11] !== t[17]) return fail('身份证号校验位不正确，无法据此推算出生年份和性别')
    ;[y, m, d, genderDigit] = [Number(t.slice(6, 10)), Number(t.slice(10, 12)), Number(t.slice(12, 14)), Number(t[16])]
  } else if (/^\d{15}$/.test(t)) {
    ;[y, m, d, genderDigit] = [1900 + Number(t.slice(6, 8)), Number(t.slice(8, 10)), Number(t.slice(10, 12)), Number(t[14])]
  } else {
    return fail('身份证号位数或格式不正确，无法据此推算出生年份和性别')
  }
  if (!validDate(y, m, d) || !yearInRange(y, thisYear)) return fail('身份证号中的出生日期不正确，无法据此推算出生年份和性别')
  return ok({ birthYear: y, gender: genderDigit % 2 === 1 ? 'M' : 'F' })
}

const MOBILE = /^1[3-9]\d{9}$/
const LANDLINE = /^(0\d{2,3})-?(\d{7,8})$/

/**
 * A phone as stored: a mobile as 11 digits (+86 and spaces dropped), a landline as 0571-12345678. With several
 * numbers in one cell (`138…；139…`) the first is taken.
 */
export function parsePhone(text: string): Parsed<string> {
  const first = text.normalize('NFKC').split(/[,;/、]/)[0]
  const t = first.replace(/[\s()]/g, '').replace(/^(\+?86|0086)(?=1\d{10}$)/, '')
  if (MOBILE.test(t.replace(/-/g, ''))) return ok(t.replace(/-/g, ''))
  const land = LANDLINE.exec(t)
  if (land) return ok(`${land[1]}-${land[2]}`)
  return fail(`电话${quoteCell(text)}无法识别，应为 11 位手机号或带区号的固定电话`)
}

/** Staff sign in with WeChat on their phone: a mobile number only. */
export function parseMobile(text: string): Parsed<string> {
  const p = parsePhone(text)
  if (p.ok && MOBILE.test(p.value)) return p
  return fail(`手机号${quoteCell(text)}无法识别，应为 11 位手机号`)
}

const MAX_TAGS = 10
const MAX_TAG_CHARS = 20

/** 老年人、学生 / 老年人,学生 / 老年人 学生 → ['老年人', '学生'], in the order written, without repeats. */
export function parseTags(text: string): Parsed<string[]> {
  const tags = [...new Set(text.normalize('NFKC').split(/[,;、/|\s]+/).map((s) => s.trim()).filter(Boolean))]
  if (tags.length > MAX_TAGS) return fail(`标签过多（最多 ${MAX_TAGS} 个）`)
  const long = tags.find((t) => Array.from(t).length > MAX_TAG_CHARS)
  if (long) return fail(`标签${quoteCell(long)}过长（最多 ${MAX_TAG_CHARS} 个字）`)
  return ok(tags)
}

/** Two tag lists are the same when they hold the same tags, in any order. */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  const s = new Set(a)
  return b.every((t) => s.has(t))
}

const RELATION_ALIASES: Record<string, string> = { 本人: '户主', 户主本人: '户主' }
const MAX_RELATION_CHARS = 10

export function parseRelation(text: string): Parsed<string> {
  const t = cleanText(text.normalize('NFKC'))
  if (Array.from(t).length > MAX_RELATION_CHARS) return fail(`与户主关系${quoteCell(text)}过长`)
  return ok(RELATION_ALIASES[t] ?? t)
}

const MAX_NAME_CHARS = 30

/** A person's name: no digits (a shifted column), not too long. */
export function parsePersonName(text: string, label = '姓名'): Parsed<string> {
  const t = cleanText(text)
  if (!t) return fail(`${label}为空`)
  if (looksLikeIdNumber(t)) return fail(`${label}中有疑似身份证号的内容，请检查是否错列`)
  if (/\d/.test(t.normalize('NFKC'))) return fail(`${label}${quoteCell(text)}中有数字，请检查是否错列`)
  if (Array.from(t).length > MAX_NAME_CHARS) return fail(`${label}${quoteCell(text)}过长`)
  return ok(t)
}

const MAX_PLACE_CHARS = 100

/** An area name or a doorplate. */
export function parsePlace(text: string, label: string): Parsed<string> {
  const t = cleanText(text)
  if (!t) return fail(`${label}为空`)
  if (looksLikeIdNumber(t)) return fail(`${label}中有疑似身份证号的内容，请检查是否错列`)
  if (Array.from(t).length > MAX_PLACE_CHARS) return fail(`${label}${quoteCell(text)}过长`)
  return ok(t)
}
