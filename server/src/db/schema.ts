// Row types of every table, as Kysely sees them. Times are epoch milliseconds (bigint in PostgreSQL).
import type { Generated } from 'kysely'

export interface AreasTable {
  id: string
  level: 'county' | 'town' | 'village' | 'grid'
  parent_id: string | null
  name: string
  county_id: string
  town_id: string | null
  village_id: string | null
  sort: number
}

export interface HouseholdsTable {
  id: string
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
  doorplate: string
  head_name: string
  created_at: number
  deleted_at: number | null
  /** Change number for cursor pulls; bumped whenever the row or its visit summary changes. */
  rev: number
  visit_count: number
  covered: number
  last_visit_at: number | null
  last_outcome: string | null
  /** Distinct signers with a counted pledge. */
  pledge_count: Generated<number>
}

export interface ResidentsTable {
  id: string
  household_id: string
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
  name: string
  birth_year: number | null
  gender: 'M' | 'F' | null
  phone: string | null
  tags: string
  deleted_at: number | null
  rev: number
  /** Dates (YYYY-MM-DD) of the three install steps, from the resident's effective install records. */
  installed_on: Generated<string | null>
  real_name_on: Generated<string | null>
  warning_on_on: Generated<string | null>
}

export interface UsersTable {
  id: string
  name: string
  role: 'worker' | 'village_head' | 'town_official' | 'county_admin'
  area_id: string
  login_code_hash: string | null
  bind_code_hash: string | null
  wx_openid: string | null
  created_at: number
  /** Per-user HMAC key the app uses to sign resident signing links offline. */
  link_key: Generated<string | null>
  phone: Generated<string | null>
  /** Set while the account is stopped: no login, no session, no new codes. */
  deactivated_at: Generated<number | null>
  /** When the pending bind code (bind_code_hash) stops working. */
  bind_code_expires_at: Generated<number | null>
}

/** One-time codes printed at a real deployment's first start; the row goes when its code is used. */
export interface SetupCodesTable {
  code_hash: string
  created_at: number
  expires_at: number
}

/** Recent login failures of one key (`code:<hash>`, `bind:<hash>`, `ip:<address>`) and the lock they caused. */
export interface LoginThrottleTable {
  key: string
  window_start: number
  failures: number
  locked_until: number | null
}

export interface SessionsTable {
  token_hash: string
  user_id: string
  created_at: number
  expires_at: number
}

export interface CampaignsTable {
  id: string
  area_id: string
  name: string
  starts_on: string
  ends_on: string | null
  created_at: number
}

export interface RecordsTable {
  seq: Generated<number>
  id: string
  kind: string
  household_id: string
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
  author_id: string
  device_id: string
  replaces_id: string | null
  /** Server metadata: the record that corrected this one. The record's own content never changes. */
  superseded_by: string | null
  campaign_id: string | null
  device_time: number
  /** When it happened: the device's claim, never later than receipt. */
  occurred_at: number
  received_at: number
  outcome: string | null
  body: string
  body_hash: string
  /** 1 when the household had been deleted by the time the record arrived. */
  orphaned: number
}

export interface RecordConflictsTable {
  seq: Generated<number>
  record_id: string
  author_id: string
  body: string
  body_hash: string
  received_at: number
}

export interface AuditLogTable {
  seq: Generated<number>
  at: number
  user_id: string | null
  action: string
  entity: string
  entity_id: string | null
  detail: string
}

export interface CountersTable {
  name: string
  value: number
}

export interface PledgeTemplatesTable {
  id: string
  area_id: string
  version: number
  title: string
  content: string
  content_hash: string
  created_by: string | null
  created_at: number
}

export interface MaterialsTable {
  id: string
  area_id: string
  name: string
  needs_receipt: number
  sort: number
  active: number
}

export interface MediaTable {
  sha256: string
  bytes: number
  mime: string
  width: number
  height: number
  uploaded_by: string
  uploaded_at: number
}

export interface MediaUploadsTable {
  sha256: string
  total_bytes: number
  received_bytes: number
  uploaded_by: string
  updated_at: number
}

interface ScopedRow {
  household_id: string
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
}

export interface RecordMediaTable extends ScopedRow {
  record_id: string
  sha256: string
}

export interface PledgesTable extends ScopedRow {
  record_id: string
  campaign_id: string | null
  template_id: string
  signer_key: string
  signer_name: string
  signed_at: number
  duplicate_of: string | null
  verification_code: string
}

export interface HandoutItemsTable extends ScopedRow {
  record_id: string
  material_id: string
  quantity: number
  receipt_signed: number
}

export interface SignLinksTable {
  nonce: string
  user_id: string
  household_id: string
  used_at: number
  record_id: string
}

export interface CampaignPhasesTable {
  campaign_id: string
  name: string
  /** YYYY-MM-DD, inclusive. */
  starts_on: string
  ends_on: string
  sort: number
}

export interface TargetsTable {
  id: string
  campaign_id: string
  area_id: string
  indicator: string
  target_pct: number
  /** YYYY-MM-DD, inclusive. */
  deadline: string
  updated_by: string | null
  updated_at: number
}

export interface RankingsTable {
  id: string
  /** The town or county whose children are ranked. */
  area_id: string
  campaign_id: string | null
  /** Monday 00:00 China time of the ranked week. */
  week_start: number
  created_at: number
  /** JSON array of RankingRow. */
  rows: string
}

export interface JobRunsTable {
  job: string
  period_key: string
  started_at: number
  finished_at: number | null
  owner: string
}

/** A grid's live households, visited (covered) households and households with a counted pledge. */
export interface GridTalliesTable {
  grid_id: string
  village_id: string
  town_id: string
  county_id: string
  households: number
  visited: number
  pledged: number
}

/** Live residents of a grid's live households born in one year, and how many have done each install step. */
export interface GridResidentTalliesTable {
  grid_id: string
  birth_year: number
  residents: number
  installed: number
  real_name: number
  warning_on: number
}

export interface GridHandoutTalliesTable {
  grid_id: string
  material_id: string
  quantity: number
}

/** Effective visit records of a grid's live households by week received (Monday 00:00 China time). */
export interface GridWeekVisitsTable {
  grid_id: string
  week_start: number
  visits: number
}

export interface Database {
  areas: AreasTable
  households: HouseholdsTable
  residents: ResidentsTable
  users: UsersTable
  sessions: SessionsTable
  campaigns: CampaignsTable
  records: RecordsTable
  record_conflicts: RecordConflictsTable
  audit_log: AuditLogTable
  counters: CountersTable
  pledge_templates: PledgeTemplatesTable
  materials: MaterialsTable
  media: MediaTable
  media_uploads: MediaUploadsTable
  record_media: RecordMediaTable
  pledges: PledgesTable
  handout_items: HandoutItemsTable
  sign_links: SignLinksTable
  campaign_phases: CampaignPhasesTable
  targets: TargetsTable
  rankings: RankingsTable
  job_runs: JobRunsTable
  grid_tallies: GridTalliesTable
  grid_resident_tallies: GridResidentTalliesTable
  grid_handout_tallies: GridHandoutTalliesTable
  grid_week_visits: GridWeekVisitsTable
  setup_codes: SetupCodesTable
  login_throttle: LoginThrottleTable
}
