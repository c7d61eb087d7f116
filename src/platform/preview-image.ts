// Full-screen image preview on H5: a plain overlay, tap to close. Taro's H5 previewImage would bring a whole
// carousel library (Swiper, ~390 KB) into the one bundle for a single picture.
export function previewImage(src: string): void {
  const overlay = document.createElement('div')
  overlay.id = 'image-preview'
  overlay.setAttribute('style', 'position:fixed;inset:0;z-index:9999;background:rgba(0,0,0,.92);display:flex;align-items:center;justify-content:center')
  const img = document.createElement('img')
  img.src = src
  img.setAttribute('style', 'max-width:100%;max-height:100%;object-fit:contain')
  overlay.appendChild(img)
  overlay.addEventListener('click', () => overlay.remove())
  document.body.appendChild(overlay)
}
