// Roster changes from the field (kind `roster`): the grid worker keeps the household register true, offline, as
// records in the same outbox as visits.
//
// One kind with sub-actions (`body.action`), so the envelope, outbox, push, idempotency and refusals are the visit's:
// - add_household: a new household in `gridId`; the record's householdId is the new household's id, made on the phone
//   (a UUIDv7), so later records for it (a visit, a resident) name it before the server has seen it;
// - add_resident: a new member of householdId; `residentId` is made on the phone the same way;
// - edit_resident: only the fields given change (phone, birth year, tags; `phone: null` clears it);
// - resident_status: moved_out (迁出) or dead (死亡) leave the resident out of every count (the 16–60 base, the
//   household's members); away (长期在外) only marks them, they stay counted; returned (返乡) clears either;
// - household_status: moved_out (迁出), vacant (空户) or demolished (拆除) take the household out of the household base
//   (and its residents out of the 16–60 base).
// By example: the same id and body again is a duplicate; the same id with another body a conflict (both kept);
// an edit of a resident of another household or grid is refused (RESIDENT_NOT_FOUND) and the rest of the batch goes in.
// A roster record is never a correction (`replaces` is null): a wrong change is put right by a later one
// (返乡 after a mistaken 迁出, an edit with the right phone). Changes apply in arrival order.
import { z } from 'zod'
import { text } from './text'
import { Mobile } from './person'

export const RESIDENT_STATUSES = ['moved_out', 'dead', 'away', 'returned'] as const
export type ResidentStatus = (typeof RESIDENT_STATUSES)[number]
export const HOUSEHOLD_STATUSES = ['moved_out', 'vacant', 'demolished'] as const
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number]

/** Statuses that take a resident out of every count; `away` keeps them in. */
export const RESIDENT_GONE: readonly ResidentStatus[] = ['moved_out', 'dead']


const id = text().min(1).max(64)
const name = text().trim().min(1, '请填写姓名').max(40)
const birthYear = z.number().int().min(1900, '出生年份不正确').max(2100, '出生年份不正确')
const tags = z.array(text().trim().min(1).max(20)).max(10)
/** An 11-digit mobile, stored as its digits; an empty answer means no phone. */
const phone = Mobile.nullable()

export const AddHouseholdSchema = z.object({
  action: z.literal('add_household'),
  gridId: id,
  doorplate: text().trim().min(1, '请填写门牌号').max(100),
  headName: name,
})
export const AddResidentSchema = z.object({
  action: z.literal('add_resident'),
  residentId: id,
  name,
  gender: z.enum(['M', 'F']).nullable().default(null),
  birthYear: birthYear.nullable().default(null),
  phone: phone.default(null),
  relation: text().trim().max(20).nullable().default(null),
  tags: tags.default([]),
})
export const EditResidentFields = z.object({ action: z.literal('edit_resident'), residentId: id, phone: phone.optional(), birthYear: birthYear.nullable().optional(), tags: tags.optional() })
export const EditResidentSchema = EditResidentFields.refine((b) => b.phone !== undefined || b.birthYear !== undefined || b.tags !== undefined, '没有要修改的内容')
export const ResidentStatusSchema = z.object({ action: z.literal('resident_status'), residentId: id, status: z.enum(RESIDENT_STATUSES) })
export const HouseholdStatusSchema = z.object({ action: z.literal('household_status'), status: z.enum(HOUSEHOLD_STATUSES) })

export const RosterBodySchema = z.discriminatedUnion('action', [
  AddHouseholdSchema,
  AddResidentSchema,
  EditResidentSchema,
  ResidentStatusSchema,
  HouseholdStatusSchema,
])
export type RosterBody = z.infer<typeof RosterBodySchema>
