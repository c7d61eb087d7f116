// The 发送到聊天 sheet for a file a download left waiting (weapp; nothing on H5, where the browser saves it): the
// tap on the button is what WeChat requires before shareFileMessage. Closing the chat picker is the user's choice.
import { useEffect, useState } from 'react'
import { View } from '@tarojs/components'
import { dismissReadyFile, sendToChat, watchReadyFile, type ReadyFile } from '../../platform/file-share'
import { showDeviceFailure } from '../../platform/device-notice'
import { wechatLaunch } from '../../locales/wechat-launch'
import Btn from '../btn'
import './index.css'

const t = wechatLaunch.share

export default function FileShareSheet() {
  const [file, setFile] = useState<ReadyFile | null>(null)
  useEffect(() => watchReadyFile(setFile), [])
  if (!file) return null
  const send = () => {
    // Called in the tap itself, before any await.
    void sendToChat(file).then(async (res) => {
      if (res.ok) dismissReadyFile()
      else await showDeviceFailure(res, t.failed)
    })
  }
  return (
    <View className='fz-sheet' catchMove>
      <View className='fz-sheet__box' id='file-share'>
        <View className='fz-share__text'>{t.ready(file.fileName)}</View>
        <Btn id='file-share-send' className='fz-btn--primary fz-btn--block' onClick={send}>
          {t.send}
        </Btn>
        <Btn id='file-share-close' className='fz-btn--block fz-share__close' onClick={dismissReadyFile}>
          {t.close}
        </Btn>
      </View>
    </View>
  )
}
