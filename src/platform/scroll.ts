// Brings the first error message of a form into view after a refused save: a message above the visible area made
// the tap on 保存 look dead. Waits a moment so the messages just set are rendered. (weapp: scroll.weapp.ts)

export function scrollToFirstError(selector = '.fz-error'): void {
  setTimeout(() => {
    // Centred: clear of the sticky 保存 bar below, with its field's label above.
    document.querySelector(selector)?.scrollIntoView({ block: 'center', behavior: 'smooth' })
  }, 50)
}
