// Residents' rights (PIPL): officials list and decide the 个人信息 requests (查阅 / 更正 / 撤回) of their area.
import type { FastifyPluginAsync } from 'fastify'
import { dataRequestList, decideDataRequest } from '@core/api/endpoints/data-requests'
import type { BlobStore } from '../blob/blob-store'
import type { Db } from '../db/database'
import { route } from '../http/route'
import * as requests from '../services/data-requests'

export const dataRequestRoutes: FastifyPluginAsync<{ db: Db; blobs: BlobStore; now: () => number }> = async (app, { db, blobs, now }) => {
  route(app, dataRequestList, async ({ user, query }) => requests.listDataRequests(db, user, query, now()))
  route(app, decideDataRequest, async ({ user, params, body }) => requests.decideDataRequest({ db, blobs }, user, params.id, body, now()))
}
