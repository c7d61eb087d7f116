// The media store the settings name: the local disk (default) or an S3-compatible object store.
import type { Config } from '../config'
import type { BlobStore } from './blob-store'
import { LocalDiskStore } from './local-disk-store'

/** The S3 client is loaded only for MEDIA_STORE=s3 (it is several MB of code a disk deployment never needs). */
export async function openBlobStore(config: Config): Promise<BlobStore> {
  if (config.MEDIA_STORE === 'disk') return new LocalDiskStore(config.MEDIA_DIR)
  if (!config.S3_BUCKET) throw new Error('环境变量配置有误：MEDIA_STORE=s3 需要 S3_BUCKET')
  const { S3Store } = await import('./s3-store')
  return new S3Store({
    bucket: config.S3_BUCKET,
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION,
    accessKeyId: config.S3_ACCESS_KEY_ID,
    secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    prefix: config.S3_PREFIX,
  })
}
