// The pledge template in force for the caller's town, publishing a new version, and the material catalogue.
import type { FastifyPluginAsync } from 'fastify'
import { API } from '@core/api'
import type { Db } from '../db/database'
import { AppError } from '../http/app-error'
import { route } from '../http/route'
import { currentTemplate, materialsFor, publishTemplate } from '../services/templates'

export const templateRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, API.currentTemplate, async ({ user }) => {
    const template = await currentTemplate(db, user)
    if (!template) throw new AppError('NOT_FOUND', '尚未设置承诺书模板')
    return template
  })
  route(app, API.publishTemplate, async ({ user, body, reply }) => {
    const { template, created } = await publishTemplate(db, user, body, now())
    return reply.code(created ? 201 : 200).send(template)
  })
  route(app, API.materials, async ({ user }) => ({ materials: await materialsFor(db, user) }))
}
