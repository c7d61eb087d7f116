// Finding grids by name: unique names alone, repeated names with their village, and names outside the import.
import { AreaIndex, namesFromPath, splitAreaPath, type AreaNode } from '@core/imports/area-index'

const node = (id: string, level: AreaNode['level'], parentId: string | null, name: string): AreaNode => ({ id, level, parentId, name })
const NODES = [
  node('t1', 'town', 'c', '城关镇'),
  node('v1', 'village', 't1', '东街社区'),
  node('v2', 'village', 't1', '西街社区'),
  node('g1', 'grid', 'v1', '第1网格'),
  node('g2', 'grid', 'v2', '第1网格'),
  node('g3', 'grid', 'v2', '西街第2网格'),
]

describe('AreaIndex', () => {
  const index = new AreaIndex(node('t1', 'town', 'c', '城关镇'), NODES)

  it('finds a grid by a unique name, or by its village', () => {
    expect(index.find({ grid: '西街第2网格' })).toEqual({ ok: true, value: NODES[5] })
    expect(index.find({ village: '东街 社区', grid: '第１网格' })).toEqual({ ok: true, value: NODES[3] })
  })

  it('says what to add when a name repeats, and what is unknown or outside', () => {
    const r = index.find({ grid: '第1网格' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.reason).toContain('请填写村（社区）')
    const unknown = index.find({ village: '东街社区', grid: '第9网格' })
    if (!unknown.ok) expect(unknown.reason).toBe('找不到网格「第9网格」（在东街社区下），请先导入区域或核对名称')
    const outside = index.find({ town: '新华镇', grid: '第1网格' })
    if (!outside.ok) expect(outside.reason).toContain('不在本次导入的范围（城关镇）内')
  })

  it('gives paths below the county', () => {
    expect(index.pathOf(NODES[3])).toBe('城关镇/东街社区/第1网格')
  })
})

describe('area paths', () => {
  it('reads a path from its end, at the level the role works at', () => {
    expect(namesFromPath(splitAreaPath('城关镇/东街社区/第1网格'), 'grid', '青禾县')).toEqual({ town: '城关镇', village: '东街社区', grid: '第1网格' })
    expect(namesFromPath(splitAreaPath('东街社区／第1网格'), 'grid', '青禾县')).toEqual({ village: '东街社区', grid: '第1网格' })
    expect(namesFromPath(splitAreaPath('青禾县>城关镇'), 'town', '青禾县')).toEqual({ town: '城关镇' })
  })
})
