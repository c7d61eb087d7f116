// One data row of each import, read from its cells into what the server matches and stores, or refused with every
// reason at once (so one fix-up pass is enough). Pure: the server gives it the cells and the China year.
import { ROLE_LABEL, type Role } from '../schemas/auth'
import { namesFromPath, splitAreaPath, type AreaNames } from './area-index'
import { cleanText, matchKey } from './keys'
import {
  parseAge,
  parseBirthDate,
  parseGender,
  parseMobile,
  parsePersonName,
  parsePhone,
  parsePlace,
  parseRelation,
  parseTags,
  type Gender,
  type Parsed,
} from './values'

/** A row as kept between the check and the apply: cell texts by column key, and what an ID number gave. */
export interface StoredCells {
  c: Record<string, string>
  /** From the 身份证号 column, whose text itself is never kept: birth year and gender, or why it could not be read. */
  id?: { y: number; g: Gender } | { e: string }
}

type Result<T> = { ok: true; value: T } | { ok: false; reasons: string[] }

function collect<T>(reasons: string[], p: Parsed<T>): T | null {
  if (p.ok) return p.value
  reasons.push(p.reason)
  return null
}

function present(cells: Record<string, string>, key: string): string | null {
  const v = cells[key]
  return v !== undefined && v.trim() !== '' ? v : null
}

function areaNames(cells: Record<string, string>, reasons: string[]): AreaNames {
  const out: AreaNames = {}
  for (const [key, label] of [['town', '镇（街道）'], ['village', '村（社区）'], ['grid', '网格']] as const) {
    const v = present(cells, key)
    if (v !== null) out[key] = collect(reasons, parsePlace(v, label)) ?? undefined
  }
  return out
}

export interface RegisterRow {
  area: AreaNames
  doorplate: string
  doorplateKey: string
  /** 户主 as written on this row; null when the row does not say. */
  head: string | null
  name: string
  nameKey: string
  isHead: boolean
  /** null: the file does not say (an empty cell never clears what is stored). */
  gender: Gender | null
  birthYear: number | null
  phone: string | null
  relation: string | null
  tags: string[] | null
}

/** A refused row still says which household and member it is about, when it can: the import must not take them as gone. */
export type RegisterRowResult = Result<RegisterRow> & { partial?: { area: AreaNames; doorplateKey: string | null; nameKey: string | null } }

export function readRegisterRow(stored: StoredCells, thisYear: number): RegisterRowResult {
  const { c } = stored
  const reasons: string[] = []
  const area = areaNames(c, reasons)
  if (!area.grid && !reasons.length) reasons.push('网格为空')
  const doorplate = collect(reasons, parsePlace(c.doorplate ?? '', '门牌号'))
  const name = collect(reasons, parsePersonName(c.name ?? ''))
  const headText = present(c, 'head')
  const head = headText === null ? null : collect(reasons, parsePersonName(headText, '户主'))
  // A written birth date, else an age, else the ID number's; a written gender, else the ID number's.
  const birthText = present(c, 'birth')
  const ageText = present(c, 'age')
  let birthYear: number | null = null
  if (birthText !== null) birthYear = collect(reasons, parseBirthDate(birthText, thisYear))
  else if (ageText !== null) birthYear = collect(reasons, parseAge(ageText, thisYear))
  else if (stored.id && 'e' in stored.id) reasons.push(stored.id.e)
  else if (stored.id) birthYear = stored.id.y
  const genderText = present(c, 'gender')
  let gender: Gender | null = null
  if (genderText !== null) gender = collect(reasons, parseGender(genderText))
  else if (stored.id && 'g' in stored.id) gender = stored.id.g
  const phoneText = present(c, 'phone')
  const phone = phoneText === null ? null : collect(reasons, parsePhone(phoneText))
  const relationText = present(c, 'relation')
  const relation = relationText === null ? null : collect(reasons, parseRelation(relationText))
  const tagsText = present(c, 'tags')
  const tags = tagsText === null ? null : collect(reasons, parseTags(tagsText))
  if (reasons.length || doorplate === null || name === null) {
    return { ok: false, reasons, partial: { area, doorplateKey: doorplate && matchKey(doorplate), nameKey: name && matchKey(name) } }
  }
  const isHead = relation === '户主' || (head !== null && matchKey(head) === matchKey(name))
  return {
    ok: true,
    value: {
      area,
      doorplate,
      doorplateKey: matchKey(doorplate),
      head: head ?? (relation === '户主' ? name : null),
      name,
      nameKey: matchKey(name),
      isHead,
      gender,
      birthYear,
      phone,
      relation,
      tags,
    },
  }
}

const ROLE_NAMES: Record<Role, readonly string[]> = {
  worker: ['网格员', '网格长', '专职网格员', '兼职网格员', '网格管理员', '综治网格员', 'worker'],
  village_head: ['村（社区）负责人', '村负责人', '社区负责人', '村居负责人', '村书记', '社区书记', '村支书', '村党支部书记', '村主任', '社区主任', '综治专干', 'village_head'],
  town_official: ['镇（街道）工作人员', '镇工作人员', '街道工作人员', '乡镇工作人员', '镇干部', '街道干部', '乡干部', '镇平安办', '镇综治办', 'town_official'],
  county_admin: ['县级管理员', '县管理员', '县平安办', '县政法委', '县综治办', 'county_admin'],
  verifier: ['核查员', '抽查员', '电话抽查员', '回访员', '督查员', 'verifier'],
}

const ROLE_BY_NAME = new Map<string, Role>(
  (Object.entries(ROLE_NAMES) as [Role, readonly string[]][]).flatMap(([role, names]) =>
    [...names, ROLE_LABEL[role]].map((n) => [matchKey(n.replace(/[（）()]/g, '')), role] as const),
  ),
)

export function parseRole(text: string): Parsed<Role> {
  const role = ROLE_BY_NAME.get(matchKey(text.normalize('NFKC').replace(/[()]/g, '')))
  if (role) return { ok: true, value: role }
  return { ok: false, reason: `角色「${cleanText(text).slice(0, 20)}」无法识别，应为 网格员、村（社区）负责人、镇（街道）工作人员、县级管理员 或 核查员` }
}

/** The area level each role works at, as the path of 所属区域 is read. */
const ROLE_PATH_LEVEL: Record<Role, 'town' | 'village' | 'grid' | null> = {
  worker: 'grid',
  village_head: 'village',
  town_official: 'town',
  county_admin: null,
  // A 核查员 works at the town named, or at the county when the path names none.
  verifier: 'town',
}

export interface StaffRow {
  name: string
  phone: string
  role: Role
  /** Empty for a county admin (the county itself). */
  area: AreaNames
  /** The 所属区域 path as written (without the county), when the row gave one. */
  path: string[] | null
}

export function readStaffRow(stored: StoredCells, countyName: string): Result<StaffRow> {
  const { c } = stored
  const reasons: string[] = []
  const name = collect(reasons, parsePersonName(c.name ?? ''))
  const phoneText = present(c, 'phone')
  const phone = phoneText === null ? (reasons.push('手机号为空（工作人员须有手机号，重复导入时据此认人）'), null) : collect(reasons, parseMobile(phoneText))
  const roleText = present(c, 'role')
  const role = roleText === null ? (reasons.push('角色为空'), null) : collect(reasons, parseRole(roleText))
  let area: AreaNames = {}
  const pathText = present(c, 'area')
  const parts = pathText === null ? null : splitAreaPath(pathText)
  const path = parts && parts.length && matchKey(parts[0]) === matchKey(countyName) ? parts.slice(1) : parts
  if (role) {
    const level = ROLE_PATH_LEVEL[role]
    if (path && level) area = namesFromPath(path, level, countyName)
    else area = areaNames(c, reasons)
    for (const part of Object.values(area)) if (part) collect(reasons, parsePlace(part, '所属区域'))
  }
  if (reasons.length || !name || !phone || !role) return { ok: false, reasons }
  return { ok: true, value: { name, phone, role, area, path } }
}

export interface AreaRow {
  /** From the top: the town, then the village, then the grid; as deep as the row goes. */
  names: AreaNames
}

export function readAreaRow(stored: StoredCells): Result<AreaRow> {
  const reasons: string[] = []
  const names = areaNames(stored.c, reasons)
  if (!reasons.length && !names.town && !names.village && !names.grid) reasons.push('镇、村、网格都为空')
  if (reasons.length) return { ok: false, reasons }
  return { ok: true, value: { names } }
}
