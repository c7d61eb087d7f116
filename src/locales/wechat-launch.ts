// Texts of the WeChat launch work (#13): privacy consent, file sending, new version, refusals.
export const wechatLaunch = {
  privacy: {
    title: '隐私保护提示',
    body: '使用这项功能（如选择照片、记录位置、复制链接）前，请阅读并同意《反诈入户通隐私保护指引》。我们只在您使用这项功能时处理相关信息，不会用于其他用途。',
    readGuide: '查看《隐私保护指引》',
    agree: '同意',
    disagree: '拒绝',
  },
  share: {
    ready: (name: string) => `“${name}”已下载，可以发送到微信聊天，再在电脑或手机上打开。`,
    send: '发送到聊天',
    close: '关闭',
    tooLarge: '截图包较大或信号不好时，微信里可能下载不下来。可以点“复制链接”，在电脑浏览器中用登录码登录后下载。',
    failedTitle: '下载未完成',
    copyLink: '复制链接',
    linkCopied: '链接已复制，请在电脑浏览器中打开',
    failed: '文件没有发送成功，请重试。',
  },
  update: {
    title: '有新版本',
    ready: '新版本已经准备好，重新打开后使用。未同步的记录会保留在手机上。',
    restart: '重新打开',
    later: '稍后',
  },
  location: {
    failed: '没有取得位置，请到室外或信号好的地方重试。',
  },
  clipboard: {
    failed: '复制没有成功，请长按文字手动复制。',
  },
  table: {
    failed: '没有读取到文件，请重试。',
  },
  scan: {
    failed: '没有扫描成功，请重试，或手动输入绑定码。',
  },
}
