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
  /** A grid's centre and radius for the place flag; null until set or imported. */
  centre_lat: number | null
  centre_lng: number | null
  radius_m: number | null
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
  /** The doorplate as imports match it (core/imports/keys.ts); null until an import first looks at the grid. */
  doorplate_key: Generated<string | null>
  /** Set when an import of its grid's register no longer listed it and it has records: kept for an official to confirm. */
  off_register_at: Generated<number | null>
  /** The field's last status (moved_out, vacant, demolished; core/schemas/roster-change.ts); those also set deleted_at. */
  roster_status: Generated<string | null>
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
  /** Keyed digests of the phone's last 3 and 4 digits (crypto/phone-cipher.ts); phone itself is stored encrypted. */
  phone_index: Generated<string | null>
  tags: string
  /** When the resident came onto the register (epoch ms; stored before 0010: the household's created_at). */
  created_at: number
  deleted_at: number | null
  rev: number
  /** Dates (YYYY-MM-DD) of the three install steps, from the resident's effective install records. */
  installed_on: Generated<string | null>
  real_name_on: Generated<string | null>
  warning_on_on: Generated<string | null>
  /** 与户主关系 from the register (户主, 配偶, 子女…). */
  relation: Generated<string | null>
  /** As on households: an import no longer listed the resident, whose household has records. */
  off_register_at: Generated<number | null>
  /** The field's last status (moved_out, dead, away); moved_out and dead also set deleted_at. */
  roster_status: Generated<string | null>
}

export interface UsersTable {
  id: string
  name: string
  role: 'worker' | 'village_head' | 'town_official' | 'county_admin' | 'verifier'
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
  /** When its personal data and images were purged after the retention period (services/retention.ts). */
  purged_at: number | null
  /** JSON of core/proof-policy.ts ProofPolicy; null: the defaults. */
  proof_policy: string | null
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
  /** core/review.ts: accepted (已接收), flagged (待核查), verified (已核实), false (不属实: stops counting). */
  review_state: Generated<ReviewStateColumn>
  /** A pledge the resident withdrew (a data request an official granted): it stops counting. */
  withdrawn_at: Generated<number | null>
}

export type ReviewStateColumn = 'accepted' | 'flagged' | 'verified' | 'false'

/** An automatic flag on a record, with what was seen; a flag never changes the record. */
export interface RecordFlagsTable extends ScopedRow {
  seq: Generated<number>
  record_id: string
  kind: string
  /** JSON object naming the evidence. */
  evidence: string
  created_at: number
}

/** Every change of a record's review state, never updated: an undo is one more event. */
export interface ReviewEventsTable {
  seq: Generated<number>
  record_id: string
  from_state: ReviewStateColumn
  to_state: ReviewStateColumn
  user_id: string | null
  at: number
  /** flag, review, spot_check, conflict */
  source: string
  comment: string
}

export interface RecordConflictsTable {
  seq: Generated<number>
  record_id: string
  author_id: string
  body: string
  body_hash: string
  received_at: number
  decided_at: Generated<number | null>
  decided_by: Generated<string | null>
  /** first: the stored version stands; second: this version was right and went in as its author's correction of the stored record (truth/conflict-decisions.ts). */
  decision: Generated<'first' | 'second' | null>
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
  /** Screenshot fingerprint (truth/screenshot-print.ts) for the reused-screenshot flag; null for other pictures. */
  print: Generated<string | null>
}

export interface MediaUploadsTable {
  sha256: string
  total_bytes: number
  received_bytes: number
  uploaded_by: string
  updated_at: number
}

/** Which server process is appending to an upload (services/media.ts); a row past expires_at is free to take. */
export interface MediaUploadLeasesTable {
  sha256: string
  owner: string
  expires_at: number
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

/** An import of areas, staff or the household register: its check, then its apply (services/imports.ts). */
export interface ImportsTable {
  id: string
  kind: 'areas' | 'staff' | 'register'
  area_id: string
  county_id: string
  user_id: string
  file_name: string
  file_bytes: number
  file_sha256: string
  status: 'checking' | 'checked' | 'applying' | 'applied' | 'failed'
  processed_rows: Generated<number>
  total_rows: number | null
  progress: Generated<number>
  /** JSON array of the column keys the header was read as. */
  columns: Generated<string>
  /** JSON ImportCounts of the check and of the apply. */
  check_counts: string | null
  apply_counts: string | null
  error_code: string | null
  error_message: string | null
  created_at: number
  /** Bumped with every batch: a job in progress that stops moving was cut off by a restart. */
  updated_at: number
  checked_at: number | null
  applied_at: number | null
}

/** The rows of an import as read (JSON StoredCells: never the ID-number column), with the outcome of the last pass. */
export interface ImportRowsTable {
  import_id: string
  row_no: number
  source: string
  cells: string
  outcome: 'created' | 'updated' | 'unchanged' | 'refused'
  message: Generated<string>
}

/** Match keys one pass of an import has met (`h|grid|doorplate`, `m|grid|doorplate|name`, `u|phone`), and what they are. */
export interface ImportKeysTable {
  import_id: string
  key: string
  ref: string | null
  grid_id: string | null
  row_no: number
  extra: string | null
}

/** Households and residents of the imported grids that the file does not list, and what the import does about them. */
export interface ImportAbsentTable {
  import_id: string
  entity: 'household' | 'resident'
  entity_id: string
  grid_id: string
  label: string
  /** off_register: newly marked; already_off: marked by an earlier import; removed: no records, soft-deleted. */
  action: 'off_register' | 'already_off' | 'removed'
}

/** A time a household or resident was off the register before it came back (services/register-absences.ts). */
export interface RegisterAbsencesTable {
  entity: 'household' | 'resident'
  entity_id: string
  /** Left the register (epoch ms), inclusive. */
  from_at: number
  /** Came back (epoch ms). */
  until_at: number
}

/** A reported fraud case (逐案倒查) matched to a household of the area, and to its victim when the report names one. */
export interface FraudCasesTable extends ScopedRow {
  id: string
  /** YYYY-MM-DD, China time. */
  case_date: string
  /** China midnight of case_date: records before it were before the case. */
  case_start_at: number
  /** core/scam-types.ts */
  scam_type: string
  /** Amount lost in whole fen (分). */
  amount_fen: number
  resident_id: string | null
  note: string
  created_by: string
  created_at: number
}

/** A 核查员's 电话抽查 draw for an area (town or county) and China week; at most one per both (services: truth/spot-checks.ts). */
export interface SpotCheckDrawsTable {
  id: string
  area_id: string
  county_id: string
  /** Monday 00:00 China time of the week (epoch ms). */
  week_start: number
  /** Hex from crypto randomness at the first draw; with the candidates sorted by id it gives the same sample again. */
  seed: string
  per_village: number
  drawn_by: string
  drawn_at: number
}

export type SpotCheckReasonColumn = 'sample' | 'flagged'
export type SpotCheckOutcomeColumn = 'confirmed' | 'not_installed' | 'not_visited' | 'unreachable' | 'wrong_number'

/** One resident to call in a draw, with the records the call checks and its outcome. */
export interface SpotCheckItemsTable {
  seq: Generated<number>
  id: string
  draw_id: string
  resident_id: string
  household_id: string
  village_id: string
  town_id: string
  county_id: string
  /** Author of the resident's latest counted install record or visit. */
  worker_id: string | null
  /** JSON array of record ids. */
  record_ids: string
  reason: SpotCheckReasonColumn
  outcome: SpotCheckOutcomeColumn | null
  outcome_by: string | null
  outcome_at: number | null
  comment: Generated<string>
}

/** A person's move from one area to another (services/staff-moves.ts). */
export interface StaffMovesTable {
  user_id: string
  moved_at: number
  from_area_id: string
  to_area_id: string
}

export interface FeedbackTable {
  /** Made on the sender's phone. */
  id: string
  /** The signed-in sender; null for a resident. */
  user_id: string | null
  /** A resident's signing link (its nonce) and household; null for a signed-in sender. */
  link_nonce: string | null
  household_id: string | null
  /** A resident's optional call-back number, shown in full only to the county admin. */
  contact_phone: string | null
  area_id: string
  town_id: string | null
  county_id: string
  /** core/feedback.ts FEEDBACK_CATEGORIES */
  category: string
  text: string
  /** core/feedback.ts FEEDBACK_STATUSES */
  status: string
  answer: string | null
  answered_by: string | null
  answered_at: number | null
  created_at: number
  /** 个人信息 requests: core/data-request.ts DATA_REQUEST_KINDS, the pledge asked about, and what the official did. */
  request_kind: Generated<string | null>
  record_id: Generated<string | null>
  decision: Generated<string | null>
}

/** A crash report from the app (services/client-errors.ts): scrubbed text, no personal data. */
export interface ClientErrorsTable {
  id: string
  user_id: string
  role: string
  /** core/client-error.ts CLIENT_ERROR_PLATFORMS / CLIENT_ERROR_KINDS */
  platform: string
  kind: string
  message: string
  stack: string | null
  page: string | null
  version: string | null
  created_at: number
}

/** A county's column layout for one export to the 上级平台 (core/export-layout.ts). */
export interface ExportLayoutsTable {
  county_id: string
  kind: string
  name: string
  /** JSON: [{ field, header }] in column order. */
  columns: string
  date_format: string
  updated_by: string
  updated_at: number
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
  record_flags: RecordFlagsTable
  review_events: ReviewEventsTable
  counters: CountersTable
  pledge_templates: PledgeTemplatesTable
  materials: MaterialsTable
  media: MediaTable
  media_uploads: MediaUploadsTable
  media_upload_leases: MediaUploadLeasesTable
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
  imports: ImportsTable
  import_rows: ImportRowsTable
  import_keys: ImportKeysTable
  import_absent: ImportAbsentTable
  register_absences: RegisterAbsencesTable
  staff_moves: StaffMovesTable
  setup_codes: SetupCodesTable
  login_throttle: LoginThrottleTable
  spot_check_draws: SpotCheckDrawsTable
  spot_check_items: SpotCheckItemsTable
  fraud_cases: FraudCasesTable
  feedback: FeedbackTable
  export_layouts: ExportLayoutsTable
  client_errors: ClientErrorsTable
}
