// Picking a spreadsheet to import in the mini-program: a file from a WeChat chat (the usual way a county's .xlsx or
// .csv reaches a phone), read from WeChat's temp folder. Same interface as the H5 picker in table-file.ts.
import Taro from '@tarojs/taro'
import { classifyFailure, DeviceFailureError } from './device-failure'

export interface PickedTable {
  name: string
  size: number
  bytes(): Promise<ArrayBuffer>
}

export const TABLE_EXTENSIONS = ['xlsx', 'csv'] as const

export async function chooseTableFile(): Promise<PickedTable | null> {
  let res: Taro.chooseMessageFile.SuccessCallbackResult
  try {
    res = await Taro.chooseMessageFile({ count: 1, type: 'file', extension: [...TABLE_EXTENSIONS] })
  } catch (err) {
    // A refusal (privacy guide not agreed, API not declared) is shown, not reported as an unknown error.
    const failure = classifyFailure(err)
    if (failure.kind === 'cancelled') return null
    throw new DeviceFailureError(failure)
  }
  const file = res.tempFiles[0]
  if (!file) return null
  return {
    name: file.name,
    size: file.size,
    bytes: () =>
      new Promise<ArrayBuffer>((resolve, reject) =>
        Taro.getFileSystemManager().readFile({
          filePath: file.path,
          success: (r) => resolve(r.data as ArrayBuffer),
          fail: (e) => reject(new Error(e.errMsg)),
        }),
      ),
  }
}
