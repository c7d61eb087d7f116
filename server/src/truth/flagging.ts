// Automatic flags on records as they arrive, inside the push's transaction: each names its evidence, none changes
// or refuses a record; a flagged record waits for review as 待核查 and keeps counting until found 不属实.
import type { Kysely } from 'kysely'
import type { RecordKind } from '@core/schemas/record'
import { parseStoredRecord } from '@core/schemas/stored-record'
import type { Database } from '../db/schema'
import { counted } from '../queries/counted-records'
import { placeOf } from '../services/grid-place'
import { raiseFlags, type ReviewTarget } from './review'
import { sameFileFlags } from './reused-screenshots'
import { contextRange, DEFAULT_FLAG_SETTINGS, flagRecords, type FlagInput, type FlagSettings, type GridGeometry, type KnownSigner, type RecordFacts } from './rules'

/**
 * Checks the rows a push has just stored (as inserted, with any supersession since). `residents`, when given, holds every resident of their
 * households (others' may be there too); they are read otherwise.
 */
export async function flagArrivals(
  trx: Kysely<Database>,
  stored: readonly (FactRow & ReviewTarget)[],
  receivedAt: number,
  settings: FlagSettings = DEFAULT_FLAG_SETTINGS,
  residents?: readonly ResidentName[],
): Promise<void> {
  if (stored.length === 0) return
  const input = await ruleInput(trx, stored.map(factsOf), settings, residents)
  const installs = input.arrived.filter((r) => r.kind === 'install').map((r) => r.id)
  const known = new Map(stored.map((r) => [r.id, r]))
  await raiseFlags(trx, [...(await sameFileFlags(trx, installs)), ...flagRecords(input, settings)], receivedAt, known)
}

type ResidentName = { household_id: string; id: string; name: string; deleted_at: number | null }

const FACT_COLUMNS = ['id', 'kind', 'author_id', 'household_id', 'grid_id', 'village_id', 'device_time', 'occurred_at', 'received_at', 'body'] as const

export type FactRow = { id: string; kind: string; author_id: string; household_id: string; grid_id: string; village_id: string; device_time: number; occurred_at: number; received_at: number; body: string }

function factsOf(row: FactRow): RecordFacts {
  return {
    id: row.id,
    kind: row.kind,
    authorId: row.author_id,
    householdId: row.household_id,
    gridId: row.grid_id,
    villageId: row.village_id,
    deviceTime: Number(row.device_time),
    occurredAt: Number(row.occurred_at),
    receivedAt: Number(row.received_at),
    body: parseStoredRecord(row.kind as RecordKind, row.body).body,
  } as RecordFacts
}

/** The context the rules read around the arrived records: the workers' visits around them, grids, residents, signers. */
async function ruleInput(trx: Kysely<Database>, arrived: RecordFacts[], settings: FlagSettings, known?: readonly ResidentName[]): Promise<FlagInput> {
  const range = contextRange(arrived, settings)
  const authors = [...new Set(arrived.map((r) => r.authorId))]
  const households = [...new Set(arrived.map((r) => r.householdId))]
  const pledgeVillages = [...new Set(arrived.filter((r) => r.kind === 'pledge').map((r) => r.villageId))]
  const [recent, grids, residents, signers] = await Promise.all([
    range
      ? trx
          .selectFrom('records')
          .select(FACT_COLUMNS)
          .where('author_id', 'in', authors)
          .where('kind', '=', 'visit')
          .where('occurred_at', '>=', range.from)
          .where('occurred_at', '<=', range.to)
          .where(counted())
          .execute()
      : [],
    trx.selectFrom('areas').select(['id', 'centre_lat', 'centre_lng', 'radius_m']).where('id', 'in', [...new Set(arrived.map((r) => r.gridId))]).execute(),
    known ? currentResidents(known, households) : trx.selectFrom('residents').select(['household_id', 'id', 'name']).where('household_id', 'in', households).where('deleted_at', 'is', null).execute(),
    pledgeVillages.length ? villageSigners(trx, pledgeVillages) : [],
  ])
  return {
    arrived,
    recent: recent.map(factsOf),
    grids: Object.fromEntries(grids.map((g) => [g.id, geometryOf(placeOf(g))])),
    residents: residents.map((r) => ({ householdId: r.household_id, residentId: r.id, name: r.name })),
    signers,
  }
}

function currentResidents(known: readonly ResidentName[], households: string[]): ResidentName[] {
  const wanted = new Set(households)
  return known.filter((r) => r.deleted_at === null && wanted.has(r.household_id))
}

function geometryOf(place: ReturnType<typeof placeOf>): GridGeometry {
  return place ? { centre: { lat: place.lat, lng: place.lng }, radiusM: place.radiusM } : null
}

async function villageSigners(trx: Kysely<Database>, villages: string[]): Promise<KnownSigner[]> {
  const rows = await trx
    .selectFrom('pledges as p')
    .innerJoin('records as r', 'r.id', 'p.record_id')
    .select(['p.record_id', 'p.household_id', 'p.village_id', 'p.signer_name', 'p.signer_key'])
    .where('p.village_id', 'in', villages)
    .where(counted('r'))
    .execute()
  return rows.map((p) => ({
    recordId: p.record_id,
    householdId: p.household_id,
    villageId: p.village_id,
    // signerKey (core/schemas/pledge.ts): `r:<resident id>` when the signer was a known resident.
    residentId: p.signer_key.startsWith('r:') ? p.signer_key.slice(2) : null,
    name: p.signer_name,
  }))
}
