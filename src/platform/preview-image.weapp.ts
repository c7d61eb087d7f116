// Full-screen image preview: WeChat's own viewer.
import Taro from '@tarojs/taro'

export function previewImage(src: string): void {
  void Taro.previewImage({ urls: [src], current: src })
}
