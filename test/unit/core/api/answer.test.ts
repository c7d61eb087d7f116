import { answerOf } from '../../../../src/core/api/answer'
import * as API from '../../../../src/core/api/endpoints/sync'

describe('answerOf', () => {
  it('takes the server’s JSON with the lists the caller walks', () => {
    const page = { cursor: '1', hasMore: false, households: [], residents: [], templates: [], materials: [], campaign: null, serverTime: 'x' }
    expect(answerOf(API.syncPull, page, 'households', 'residents')).toBe(page)
  })

  it('refuses what is not our JSON: a proxy’s page as text, nothing, a list missing or not a list', () => {
    expect(answerOf(API.syncPush, '<html>请先登录 Wi-Fi</html>', 'results')).toBeNull()
    expect(answerOf(API.syncPush, null, 'results')).toBeNull()
    expect(answerOf(API.syncPush, '', 'results')).toBeNull()
    expect(answerOf(API.syncPush, {}, 'results')).toBeNull()
    expect(answerOf(API.syncPush, { results: 'stored' }, 'results')).toBeNull()
  })
})
