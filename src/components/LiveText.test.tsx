import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { LiveSentence, liveSlot, writeLiveText } from './LiveText'

describe('writeLiveText', () => {
  it('writes the text and keeps the box as wide as the longest text it held', () => {
    const el = document.createElement('span')
    writeLiveText(el, '1,234')
    expect(el.textContent).toBe('1,234')
    expect(el.style.width).toBe('5ch')
    // Shorter text: the width stays, so the page need not lay out again.
    writeLiveText(el, '99')
    expect(el.textContent).toBe('99')
    expect(el.style.width).toBe('5ch')
    writeLiveText(el, '123,456')
    expect(el.style.width).toBe('7ch')
  })
})

describe('LiveSentence', () => {
  it('keeps the words of the sentence in its order and puts each figure in a live box', () => {
    // A language that puts the total first still gets each figure in its place.
    const text = `共 ${liveSlot(1)} 条，显示最后 ${liveSlot(0)} 条`
    const { container } = render(<LiveSentence text={text} values={['20', '1,020']} />)
    expect(container.textContent).toBe('共 1,020 条，显示最后 20 条')
    const boxes = container.querySelectorAll('.live-text')
    expect([...boxes].map((b) => b.textContent)).toEqual(['1,020', '20'])
  })
})
