// A large household register as a county would send it, written as CSV row by row (never whole in memory): for
// the 100,000-row test and bench/register-import.ts. Deterministic for a seed; about 2.4 members a household, one
// row per member, every member with a different name in the household and every phone different.
import fs from 'node:fs'
import { once } from 'node:events'

export interface RegisterGrid {
  town: string
  village: string
  grid: string
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅兰凤玉珍文辉林斌波宇浩鹏飞鑫婷雪琳晨阳子涵欣怡梓轩雨萱佳俊博'
const TAGS = ['', '', '', '老年人', '学生', '重点人群', '外来务工人员']
const RELATIONS = ['户主', '配偶', '子女', '子女', '父母']
export const REGISTER_HEADER = ['镇（街道）', '村（社区）', '网格', '门牌号', '户主', '姓名', '性别', '出生日期', '手机号', '与户主关系', '标签']

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 0x100000000
  }
}

/**
 * Writes the register of `householdsPerGrid` households in each grid to `file`; resolves with the numbers of
 * households and rows (members) written.
 */
export async function writeRegisterCsv(
  file: string,
  grids: readonly RegisterGrid[],
  householdsPerGrid: number,
  seed = 1,
): Promise<{ households: number; rows: number }> {
  const rand = prng(seed)
  const pick = <T>(list: ArrayLike<T>): T => list[Math.floor(rand() * list.length)]
  const out = fs.createWriteStream(file)
  let buffer = REGISTER_HEADER.join(',') + '\r\n'
  let rows = 0
  let households = 0
  let phone = 13_000_000_000 + seed * 7_919
  const flush = async () => {
    if (!out.write(buffer)) await once(out, 'drain')
    buffer = ''
  }
  for (const g of grids) {
    for (let h = 1; h <= householdsPerGrid; h++) {
      households++
      const size = [1, 2, 2, 2, 3, 3, 3, 4][Math.floor(rand() * 8)] - (rand() < 0.2 ? 1 : 0) || 1
      const family = pick(SURNAMES)
      const doorplate = `${g.village}${Math.ceil(h / 40)}组${h}号`
      const names = new Set<string>()
      let head = ''
      for (let m = 0; m < size; m++) {
        let name = `${m === 1 ? pick(SURNAMES) : family}${pick(GIVEN)}${rand() < 0.6 ? pick(GIVEN) : ''}`
        while (names.has(name)) name += pick(GIVEN)
        names.add(name)
        if (m === 0) head = name
        const year = m === 0 || m === 1 ? 1940 + Math.floor(rand() * 60) : 1990 + Math.floor(rand() * 30)
        const date = `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`
        phone += 1 + Math.floor(rand() * 50)
        const cells = [g.town, g.village, g.grid, doorplate, head, name, rand() < 0.5 ? '男' : '女', date, year < 2010 ? String(phone) : '', RELATIONS[Math.min(m, 4)], pick(TAGS)]
        buffer += cells.join(',') + '\r\n'
        rows++
      }
      if (buffer.length > 64 * 1024) await flush()
    }
  }
  await flush()
  out.end()
  await once(out, 'finish')
  return { households, rows }
}
