// UI text of the officials' 不在名册 list (pkg-official/off-register and its link on 名册变更).
export const zhOffRegister = {
  open: '不在名册待核实',
  title: '不在名册',
  intro: '以下住户或居民在最近导入的户籍花名册中已不再列出，但已有走访等记录，暂予保留并仍计入统计。请逐条核实：确已迁走的“移出名册”（自此不再计入，已有记录保留），仍在本地的“保留”。',
  total: (households: number, residents: number) => `待核实：${households} 户，${residents} 人`,
  empty: '没有待核实的“不在名册”住户或居民',
  household: '整户',
  resident: '成员',
  head: (name: string) => `户主：${name}`,
  since: (date: string) => `导入时不在名册：${date}`,
  remove: '移出名册',
  keep: '保留',
  removeConfirm: (what: string) => `确认将“${what}”移出名册？自此不再计入户数和 16–60 岁人数，已有走访等记录仍保留。`,
  keepConfirm: (what: string) => `确认“${what}”仍在本地、保留在名册中？`,
  removed: (what: string) => `已将“${what}”移出名册`,
  kept: (what: string) => `已保留“${what}”`,
  more: '加载更多',
}
