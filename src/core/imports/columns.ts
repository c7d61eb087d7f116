// The columns of each import (area tree, staff list, household register): the template's header, the other names
// counties' own spreadsheets use for the same column, and how a header row is recognised.
//
// A header matches a column when, after folding (full-width forms, spaces, a remark in brackets: `出生日期（年月日）`
// is `出生日期`), it equals the column's name or one of its aliases. The header row is the first of the first
// HEADER_SCAN_ROWS rows that names every required column, so a title row above it (`XX村户籍花名册`) is skipped.
import { matchKey } from './keys'

export const IMPORT_KINDS = ['areas', 'staff', 'register'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const IMPORT_KIND_LABEL: Record<ImportKind, string> = {
  areas: '区域（镇街、村社区、网格）',
  staff: '工作人员名单',
  register: '户籍花名册（户和家庭成员）',
}

export interface ImportColumn {
  key: string
  /** The template's header. */
  label: string
  aliases: readonly string[]
  /** What goes in it, for the template's 填写说明 sheet. */
  note: string
  example: string
  /** Read to derive other columns and never stored, shown or copied into a report. */
  secret?: true
  /** Accepted in a file but left out of the template (another column says the same). */
  notInTemplate?: true
}

const TOWN: ImportColumn = {
  key: 'town',
  label: '镇（街道）',
  aliases: ['镇', '乡', '街道', '乡镇', '镇街', '乡镇街道', '镇街道', '所属镇', '所属乡镇', '所属街道', '镇名称', '乡镇名称'],
  note: '镇、乡或街道的名称',
  example: '城关镇',
}
const VILLAGE: ImportColumn = {
  key: 'village',
  label: '村（社区）',
  aliases: ['村', '社区', '村居', '村社区', '行政村', '村委会', '居委会', '所属村', '所属社区', '所属村居', '村名称', '社区名称'],
  note: '村或社区的名称',
  example: '东街社区',
}
const GRID: ImportColumn = {
  key: 'grid',
  label: '网格',
  aliases: ['网格名称', '网格名', '所属网格', '网格编号'],
  note: '网格名称，如“第1网格”；各村的网格可以同名，同名时靠镇、村两列区分',
  example: '第1网格',
}
const PHONE: ImportColumn = {
  key: 'phone',
  label: '手机号',
  aliases: ['手机', '手机号码', '联系电话', '电话', '电话号码', '联系方式', '移动电话', '联系手机'],
  note: '11 位手机号（居民也可填带区号的固定电话）',
  example: '13800138000',
}
const NAME: ImportColumn = {
  key: 'name',
  label: '姓名',
  aliases: ['名字', '成员姓名', '人员姓名', '家庭成员', '家庭成员姓名', '居民姓名'],
  note: '姓名',
  example: '张三',
}

export const IMPORT_COLUMNS: Record<ImportKind, readonly ImportColumn[]> = {
  areas: [TOWN, VILLAGE, GRID],
  staff: [
    NAME,
    PHONE,
    {
      key: 'role',
      label: '角色',
      aliases: ['岗位', '职务', '身份', '人员类别', '人员类型', '角色类型'],
      note: '网格员、村（社区）负责人、镇（街道）工作人员 或 县级管理员',
      example: '网格员',
    },
    {
      key: 'area',
      label: '所属区域',
      aliases: ['区域', '负责区域', '工作区域', '所在区域', '区域名称'],
      note: '用“/”隔开的镇、村、网格，如“城关镇/东街社区/第1网格”；也可改用镇、村、网格三列',
      example: '城关镇/东街社区/第1网格',
    },
    { ...TOWN, notInTemplate: true },
    { ...VILLAGE, notInTemplate: true },
    { ...GRID, notInTemplate: true },
  ],
  register: [
    TOWN,
    VILLAGE,
    GRID,
    {
      key: 'doorplate',
      label: '门牌号',
      aliases: ['地址', '住址', '门牌', '门牌地址', '门牌号码', '家庭住址', '现住址', '居住地址', '详细地址', '房号'],
      note: '门牌号或地址；同一网格内同一门牌号即同一户（空格、全角字符不计）',
      example: '2栋2单元102室',
    },
    {
      key: 'head',
      label: '户主',
      aliases: ['户主姓名', '户主名字'],
      note: '户主姓名；同一户各行须一致（也可不填此列，由“与户主关系”为“户主”的一行定）',
      example: '张三',
    },
    NAME,
    { key: 'gender', label: '性别', aliases: [], note: '男 或 女', example: '男' },
    {
      key: 'birth',
      label: '出生日期',
      aliases: ['出生年月', '出生年月日', '出生年份', '出生年', '生日', '出生时间'],
      note: '如 1980-05-03、1980年5月 或 1980；只保存出生年份',
      example: '1980-05-03',
    },
    { key: 'age', label: '年龄', aliases: ['周岁', '年龄岁'], note: '没有出生日期时可填年龄（周岁）', example: '45', notInTemplate: true },
    {
      key: 'idNumber',
      label: '身份证号',
      aliases: ['身份证', '身份证号码', '公民身份号码', '公民身份证号', '公民身份证号码', '证件号码', '证件号', '身份证件号码'],
      note: '可选：仅用于推算出生年份和性别，系统不保存、不显示',
      example: '',
      secret: true,
    },
    PHONE,
    {
      key: 'relation',
      label: '与户主关系',
      aliases: ['关系', '家庭关系', '与户主的关系', '户内关系', '成员关系'],
      note: '户主、配偶、子女、父母……',
      example: '户主',
    },
    {
      key: 'tags',
      label: '标签',
      aliases: ['人员标签', '人员类别', '人群类别', '人群分类', '类别', '重点人群', '人群标签'],
      note: '多个用顿号或逗号隔开，如“老年人、重点人群”',
      example: '老年人',
    },
  ],
}

/** Each inner list needs at least one of its columns in the header. */
const REQUIRED: Record<ImportKind, readonly (readonly string[])[]> = {
  areas: [['town', 'village', 'grid']],
  staff: [['name'], ['phone'], ['role'], ['area', 'town', 'village', 'grid']],
  register: [['grid'], ['doorplate'], ['name']],
}

export const HEADER_SCAN_ROWS = 20

/** `出生日期（年月日）*` → `出生日期`. */
export function headerKey(text: string): string {
  return matchKey(text.normalize('NFKC').replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')).replace(/[*:：.。]/g, '')
}

const LOOKUP: Record<ImportKind, Map<string, string>> = Object.fromEntries(
  IMPORT_KINDS.map((kind) => {
    const m = new Map<string, string>()
    for (const c of IMPORT_COLUMNS[kind]) for (const name of [c.label, ...c.aliases]) m.set(headerKey(name), c.key)
    return [kind, m]
  }),
) as Record<ImportKind, Map<string, string>>

/** Column key by cell position (0-based); the first of two columns with the same meaning wins. */
export type HeaderMap = Map<number, string>

export function mapHeader(kind: ImportKind, cells: readonly string[]): HeaderMap {
  const out: HeaderMap = new Map()
  const taken = new Set<string>()
  cells.forEach((cell, i) => {
    const key = LOOKUP[kind].get(headerKey(cell ?? ''))
    if (key && !taken.has(key)) {
      out.set(i, key)
      taken.add(key)
    }
  })
  return out
}

/** The required columns a header lacks, by their template names (empty when the header will do). */
export function missingColumns(kind: ImportKind, header: HeaderMap): string[] {
  const present = new Set(header.values())
  const label = (key: string) => IMPORT_COLUMNS[kind].find((c) => c.key === key)!.label
  return REQUIRED[kind].filter((any) => !any.some((k) => present.has(k))).map((any) => any.map(label).join('或'))
}

export function columnOf(kind: ImportKind, key: string): ImportColumn {
  return IMPORT_COLUMNS[kind].find((c) => c.key === key)!
}

/** The columns a report repeats: every column of the kind but the secret ones. */
export function reportColumns(kind: ImportKind): ImportColumn[] {
  return IMPORT_COLUMNS[kind].filter((c) => !c.secret)
}

export function templateColumns(kind: ImportKind): ImportColumn[] {
  return IMPORT_COLUMNS[kind].filter((c) => !c.notInTemplate)
}

/**
 * Sheets the templates and reports add for people to read (notes, the areas that exist, what a register no longer
 * lists, totals); a workbook sent back is read without them, whatever their columns look like.
 */
export const NOTE_SHEETS = { notes: '填写说明', areas: '现有区域', absent: '不在新名册', totals: '汇总' } as const

export function isNoteSheet(name: string): boolean {
  return (Object.values(NOTE_SHEETS) as string[]).includes(name.trim())
}
