// Server settings from environment variables, checked once at start.
import path from 'node:path'
import { z } from 'zod'

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** postgres://… selects PostgreSQL; unset means SQLite at SQLITE_FILE. */
  DATABASE_URL: z.string().optional(),
  SQLITE_FILE: z.string().default(path.resolve('data/fanzha.db')),
  /** The H5 build to serve at '/', if present. */
  H5_DIR: z.string().default(path.resolve('dist-h5')),
  /** Photos, screenshots and signatures, one file per sha-256 (sharded ab/cd/<sha>). */
  MEDIA_DIR: z.string().default(path.resolve('data/media')),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  WECHAT_APPID: z.string().optional(),
  WECHAT_SECRET: z.string().optional(),
  /** Base URL of WeChat's server API; tests point it at a local stand-in. */
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  SEED_DEMO: z.enum(['auto', 'never']).default('auto'),
  /** The weekly ranking (排名通报) of the week just ended is made once this weekday (1 = Monday … 7 = Sunday) and hour, China time, have passed. */
  RANKING_WEEKDAY: z.coerce.number().int().min(1).max(7).default(1),
  RANKING_HOUR: z.coerce.number().int().min(0).max(23).default(6),
  /** How often each server process checks whether a ranking is due. */
  RANKING_CHECK_MS: z.coerce.number().int().min(50).default(5 * 60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
})

export type Config = z.infer<typeof EnvSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new Error(`环境变量配置有误：${issues}`)
  }
  return { ...parsed.data, ...overrides }
}
