// Server settings from environment variables, checked once at start, and whether this is the demo or a deployment.
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_RETENTION_DAYS } from '@core/privacy-notice'

const EnvSchema = z.object({
  /** `production` makes a deployment: no demo data, listening on every interface. */
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Unset: 127.0.0.1 for the demo (its login codes are published), 0.0.0.0 for a deployment. */
  HOST: z.string().min(1).optional(),
  /** postgres://… selects PostgreSQL; unset means SQLite at SQLITE_FILE. */
  DATABASE_URL: z.string().optional(),
  SQLITE_FILE: z.string().default(path.resolve('data/fanzha.db')),
  /** The H5 build to serve at '/', if present. */
  H5_DIR: z.string().default(path.resolve('dist-h5')),
  /** Photos, screenshots and signatures, one file per sha-256 (sharded ab/cd/<sha>). */
  MEDIA_DIR: z.string().default(path.resolve('data/media')),
  /** Where media is kept: `disk` (MEDIA_DIR, default) or `s3`, an S3-compatible object store (the S3_* settings). */
  MEDIA_STORE: z.enum(['disk', 's3']).default('disk'),
  /** The object store's URL, e.g. `http://127.0.0.1:9000` for a MinIO; unset for AWS itself (by S3_REGION). */
  S3_ENDPOINT: z.string().url().optional(),
  S3_BUCKET: z.string().min(3).optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  /** Unset: the SDK's own credential chain (instance role, ~/.aws). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `true`: bucket in the path (http://host/bucket/key), as MinIO and most self-hosted stores want. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Put before every object name, to share a bucket, e.g. `fanzha/`. */
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9_-]+\/)*$/, '应为空或以“/”结尾，如 fanzha/').default(''),
  /** Unfinished uploads untouched this long are deleted (on start and every UPLOAD_SWEEP_EVERY_MINUTES). */
  UPLOAD_MAX_AGE_HOURS: z.coerce.number().min(0.001).max(24 * 365).default(72),
  UPLOAD_SWEEP_EVERY_MINUTES: z.coerce.number().min(0.001).max(24 * 60).default(60),
  /** Unfinished uploads one user may have at once: how many, and how many bytes they may announce in all. */
  UPLOAD_MAX_PER_USER: z.coerce.number().int().min(1).max(10_000).default(40),
  UPLOAD_MAX_BYTES_PER_USER: z.coerce.number().int().min(1).default(40 * 1024 * 1024),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Behind a reverse proxy, whose X-Forwarded-For to believe for the client address the login lockout counts by:
   * `true` (any), a hop count, or addresses/CIDRs separated by commas. Unset: the connecting address.
   */
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v): boolean | number | string => (v === undefined || v === '' || v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v)),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  /** Base URL of WeChat's server API; tests point it at a local stand-in. */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  /** `never` makes a deployment on SQLite; `auto` seeds the demo county into an empty database unless this is a deployment. */
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** The weekly ranking (排名通报) of the week just ended is made once this weekday (1 = Monday … 7 = Sunday) and hour, China time, have passed. */
  RANKING_WEEKDAY: z.coerce.number().int().min(1).max(7).default(1),
  RANKING_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  /** How often each server process checks whether a ranking is due. */
  RANKING_CHECK_MS: z.coerce.number().int().min(50).default(5 * 60_000),
  /** 电话抽查: residents drawn per village each week, besides every flagged record (at least one per worker anyway). */
  SPOT_CHECK_PER_VILLAGE: z.coerce.number().int().min(1).max(100).default(5),
  /** 电话抽查: villages whose discrepancy rate (居民称未安装 + 未上门 over checked) is above this percent are marked on the ranking and the monthly report. */
  SPOT_CHECK_DISCREPANCY_PCT: z.coerce.number().min(0).max(100).default(20),
  /** 速度异常: more households than this by one worker within FLAG_PACE_MINUTES is flagged for checking. */
  FLAG_PACE_HOUSEHOLDS: z.coerce.number().int().min(1).max(1000).default(12),
  FLAG_PACE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(10),
  /** 夜间走访: visits from this hour to that hour, China time (wrapping midnight), e.g. `22-6`. */
  FLAG_NIGHT_HOURS: z
    .string()
    .regex(/^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/, '应为“22-6”这样的起止小时')
    .default('22-6'),
  /**
   * Residents' data (PIPL): this many days after a campaign ends, its personal data (names, phones, signatures) and
   * evidence images are deleted by the retention purge (npm run purge); figures stay. Shown on the signing page.
   */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
  /**
   * 排名通报 as coverage statistics: `areas` (default) publishes rankings, exports and dashboards by area without
   * naming grid workers; `named` also lists each worker's figures (本周走访情况 by worker).
   */
  RANKING_NAMES: z.enum(['areas', 'named']).default('areas'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

type Env = z.infer<typeof EnvSchema>

export type Config = Omit<Env, 'HOST'> & {
  HOST: string
  /**
   * The demo: seeds 青禾县 with published login codes into an empty database. A deployment is any of NODE_ENV=production,
   * a DATABASE_URL or SEED_DEMO=never; it never seeds and starts empty with a one-time setup code instead.
   */
  DEMO: boolean
}

export function isDeployment(env: Pick<Env, 'NODE_ENV' | 'DATABASE_URL' | 'SEED_DEMO'>): boolean {
  return env.NODE_ENV === 'production' || Boolean(env.DATABASE_URL) || env.SEED_DEMO === 'never'
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`环境变量配置有误：${issues}`)
  }
  const merged = { ...parsed.data, ...overrides }
  const demo = overrides.DEMO ?? !isDeployment(merged)
  return { ...merged, DEMO: demo, HOST: merged.HOST ?? (demo ? '127.0.0.1' : '0.0.0.0') }
}
