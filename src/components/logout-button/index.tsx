// 退出登录 with a warning when records are still waiting; they stay on the phone under the account. The server
// ends the session too.
import Taro from '@tarojs/taro'
import Btn from '../btn'
import { useAuthStore } from '../../stores/auth'
import { forgetGridData, useSyncStore } from '../../stores/sync'
import { url } from '../../pages/routes'
import { zh } from '../../locales/zh-CN'

export default function LogoutButton() {
  const onClick = async () => {
    const pending = useSyncStore.getState().items.filter((i) => i.state === 'pending').length
    const res = await Taro.showModal({
      title: zh.logoutConfirm.title,
      content: pending > 0 ? zh.logoutConfirm.pending(pending) : zh.logoutConfirm.plain,
      confirmText: zh.common.confirm,
      cancelText: zh.common.cancel,
    })
    if (!res.confirm) return
    await forgetGridData()
    await useAuthStore.getState().logout()
    void Taro.reLaunch({ url: url.login() })
  }
  return (
    <Btn id='logout' className='fz-btn--plain fz-btn--block' onClick={() => void onClick()}>
      {zh.common.logout}
    </Btn>
  )
}
