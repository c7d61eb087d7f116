// 投诉建议: signed-in senders, the officials who answer, and residents through their signing link (no sign-in).
import type { FastifyPluginAsync } from 'fastify'
import { answerFeedback, feedbackList, myFeedback, publicFeedbackList, publicSendFeedback, sendFeedback } from '@core/api/endpoints/feedback'
import type { Db } from '../db/database'
import { route } from '../http/route'
import * as feedback from '../services/feedback'

export const feedbackRoutes: FastifyPluginAsync<{ db: Db; now: () => number }> = async (app, { db, now }) => {
  route(app, sendFeedback, async ({ user, body }) => feedback.sendFeedback(db, user, body, now()))
  route(app, myFeedback, async ({ user }) => feedback.myFeedback(db, user))
  route(app, feedbackList, async ({ user, query }) => feedback.listFeedback(db, user, query, now()))
  route(app, answerFeedback, async ({ user, params, body }) => feedback.answerFeedback(db, user, params.id, body, now()))
  route(app, publicSendFeedback, async ({ params, body, req }) => feedback.sendPublicFeedback(db, params.token, body, now(), { ip: req.ip }))
  route(app, publicFeedbackList, async ({ params }) => feedback.publicFeedbackList(db, params.token, now()))
}
