// A local S3-protocol server (s3rver) on a loopback port, with one bucket, for tests of MEDIA_STORE=s3.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import S3rver from 's3rver'
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import type { Config } from '../../server/src/config'

export interface LocalS3 {
  endpoint: string
  bucket: string
  /** The server settings that put media into this bucket. */
  config: Partial<Config>
  /** The environment that does the same for a server run as a child process. */
  env: Record<string, string>
  /** Object names in the bucket (under the prefix). */
  keys(prefix?: string): Promise<string[]>
  close(): Promise<void>
}

export async function startLocalS3(opts: { prefix?: string } = {}): Promise<LocalS3> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fanzha-s3-'))
  const bucket = 'fanzha-media'
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] })
  const { port } = (await server.run()) as { port: number }
  const endpoint = `http://127.0.0.1:${port}`
  // s3rver takes any key pair; S3RVER is its documented default.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }
  const prefix = opts.prefix ?? 'fanzha/'
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials })
  return {
    endpoint,
    bucket,
    config: {
      MEDIA_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: true,
      S3_PREFIX: prefix,
    },
    env: {
      MEDIA_STORE: 's3',
      S3_ENDPOINT: endpoint,
      S3_BUCKET: bucket,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: credentials.accessKeyId,
      S3_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      S3_PREFIX: prefix,
    },
    keys: async (under = '') => {
      const out: string[] = []
      let token: string | undefined
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix + under, ContinuationToken: token }))
        for (const o of page.Contents ?? []) out.push(o.Key!.slice(prefix.length))
        token = page.IsTruncated ? page.NextContinuationToken : undefined
      } while (token)
      return out.sort()
    },
    close: async () => {
      client.destroy()
      await server.close()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}
