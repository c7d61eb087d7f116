// UI text of the officials' 名册变更 list (pkg-official/roster-changes and its link on the dashboard).
export const zhRosterChanges = {
  open: '名册变更',
  title: '名册变更',
  empty: '暂无网格员登记的名册变更',
  by: (author: string, grid: string) => `${grid} · ${author}`,
  more: '加载更多',
}
