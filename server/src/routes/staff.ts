// Staff accounts, for the county admin (the county) and town officials (their town); the services check the scope.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { route } from '../http/route'
import { createArea, renameArea } from '../services/area-edit'
import { readGridPlace, setGridPlace } from '../services/grid-place'
import {
  createStaff,
  deactivateStaff,
  issueBindCode,
  issueLoginCode,
  listStaff,
  reactivateStaff,
  revokeBindCode,
  staffAreas,
  updateStaff,
} from '../services/staff'

export const staffRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, API.staffList, async ({ user, query }) => listStaff(db, user, query, now()))
  route(app, API.staffAreas, async ({ user, query }) => staffAreas(db, user, query))
  route(app, API.createStaff, async ({ user, body }) => createStaff(db, user, body, now()))
  route(app, API.updateStaff, async ({ user, params, body }) => updateStaff(db, user, params.id, body, now()))
  route(app, API.deactivateStaff, async ({ user, params }) => deactivateStaff(db, user, params.id, now()))
  route(app, API.reactivateStaff, async ({ user, params }) => reactivateStaff(db, user, params.id, now()))
  route(app, API.issueBindCode, async ({ user, params }) => issueBindCode(db, user, params.id, now()))
  route(app, API.revokeBindCode, async ({ user, params }) => revokeBindCode(db, user, params.id, now()))
  route(app, API.createArea, async ({ user, body }) => createArea(db, user, body, now()))
  route(app, API.renameArea, async ({ user, params, body }) => renameArea(db, user, params.id, body.name, now()))
  route(app, API.gridPlace, async ({ user, params }) => readGridPlace(db, user, params.id))
  route(app, API.setGridPlace, async ({ user, params, body }) => setGridPlace(db, user, params.id, body.place, now()))
  route(app, API.issueLoginCode, async ({ user, params }) => issueLoginCode(db, user, params.id, now()))
}
