// 退出登录 with a warning when records are still waiting; they stay on the phone under the account. The server
// ends the session too. The question is a sheet of the page, not Taro.showModal: on H5 that API's chunk (toasts,
// modals, action sheets) would be loaded before the worker's list could be used, only for this button (issue 14).
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import Btn from '../btn'
import { useAuthStore } from '../../stores/auth'
import { forgetGridData, useSyncStore } from '../../stores/sync'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'
import './index.css'

/** The question to ask now: how many records would wait for the next login. */
function question(): string {
  const pending = useSyncStore.getState().items.filter((i) => i.state === 'pending').length
  return pending > 0 ? zh.logoutConfirm.pending(pending) : zh.logoutConfirm.plain
}

async function logout(): Promise<void> {
  await forgetGridData()
  await useAuthStore.getState().logout()
  void Taro.reLaunch({ url: url.login() })
}

export default function LogoutButton() {
  const [asking, setAsking] = useState<string | null>(null)
  return (
    <>
      <Btn id='logout' className='fz-btn--plain fz-btn--block' onClick={() => setAsking(question())}>
        {zh.common.logout}
      </Btn>
      {asking !== null && (
        <View className='fz-sheet' catchMove>
          <View className='fz-sheet__box' id='logout-sheet'>
            <View className='fz-sheet__title'>{zh.logoutConfirm.title}</View>
            <View className='fz-sheet__text fz-logout__text'>{asking}</View>
            <Btn id='logout-confirm' className='fz-btn--primary fz-btn--block' onClick={() => void logout()}>
              {zh.common.confirm}
            </Btn>
            <Btn id='logout-cancel' className='fz-btn--plain fz-btn--block fz-logout__cancel' onClick={() => setAsking(null)}>
              {zh.common.cancel}
            </Btn>
          </View>
        </View>
      )}
    </>
  )
}
