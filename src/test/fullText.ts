/**
 * A Testing Library matcher for the element whose whole text is `text`, however it is split into
 * child elements (a sentence with live figures is words and `LiveText` boxes: LiveText.tsx).
 */
export function fullText(text: string) {
  return (_content: string, el: Element | null): boolean =>
    el?.textContent === text && !Array.from(el.children).some((c) => c.textContent === text)
}
