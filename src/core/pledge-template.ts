// Pledge template versions: which version is current for an area, the next version number, the content hash.
//
// Rules, by example:
// - the county has v1 and v2, the town none: a worker of that town signs the county's v2.
// - the town then publishes its own v1: every user of that town now gets the town's v1; other towns keep the county's v2.
// - a pledge signed offline on the county's v1 after v2 came out still names v1's hash and is accepted as v1.
import { sha256Hex } from './hash'
import { templateHashInput } from './schemas/pledge'

export interface TemplateVersion {
  areaId: string
  version: number
}

/** The same text always hashes the same: line endings become \n, and the ends of the text are trimmed. */
export function normaliseTemplateText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim()
}

/** SHA-256 (hex) of the title and text as the resident sees them; the value a pledge record must carry. */
export function templateContentHash(t: { title: string; content: string }): string {
  return sha256Hex(templateHashInput(t))
}

export function templateId(areaId: string, version: number): string {
  return `tpl-${areaId}-v${version}`
}

/** The newest version of the user's town, else the newest of the county; null when neither has one. */
export function pickCurrentTemplate<T extends TemplateVersion>(versions: T[], place: { townId: string | null; countyId: string }): T | null {
  const newest = (areaId: string | null) =>
    versions.filter((v) => areaId !== null && v.areaId === areaId).reduce<T | null>((best, v) => (!best || v.version > best.version ? v : best), null)
  return newest(place.townId) ?? newest(place.countyId)
}

/** Versions count per area, from 1. */
export function nextTemplateVersion(versions: TemplateVersion[], areaId: string): number {
  return versions.filter((v) => v.areaId === areaId).reduce((max, v) => Math.max(max, v.version), 0) + 1
}
