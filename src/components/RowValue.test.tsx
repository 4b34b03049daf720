import { act, render, screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { coded } from '../lib/coded'
import { useAppStore } from '../store/appStore'
import { useDecoderStore } from '../store/decoderStore'
import { useScriptStore } from '../store/scriptStore'
import { withFakeHost } from '../test/fakeHost'
import { RowValue } from './RowValue'

// Rows of a script-bound topic (issue #16): renders never call the worker; one animation frame
// sends one batch, to the shown connection, for the rows on screen.

const host = withFakeHost(() => {
  useScriptStore.setState({
    scripts: [{ id: 's1', name: 'Meter', source: 'export function decode(b) { return b[0] }' }],
    bindings: [{ filter: 'm/#', scriptId: 's1' }],
  })
  useDecoderStore.setState({ bindings: [{ filter: 'm/#', format: 'script' }] })
})

let frames: FrameRequestCallback[] = []
beforeEach(() => {
  frames = []
  vi.stubGlobal('requestAnimationFrame', (fn: FrameRequestCallback) => frames.push(fn))
})
afterEach(() => vi.unstubAllGlobals())

function Rows({ n, tick }: { n: number; tick: number }) {
  return (
    <div data-tick={tick}>
      {Array.from({ length: n }, (_, i) => (
        <RowValue
          key={i}
          className="log-payload"
          text={`hex ${i}`}
          kind="hex"
          scripted
          topic={`m/${i}`}
          preview={new Uint8Array([i])}
          size={1}
        />
      ))}
      {/* A payload longer than its preview stays hex: the details decode all of it. */}
      <RowValue
        className="log-payload"
        text="hex cut"
        scripted
        topic="m/cut"
        preview={new Uint8Array([1])}
        size={300}
      />
    </div>
  )
}

describe('RowValue of a script-bound topic', () => {
  it('asks once per frame in one batch, shows the values, and marks a row the script failed on', async () => {
    host().answer('scriptDecodeMany', ({ items }) => ({
      results: items.map((item) =>
        item.payload[0] === 3
          ? {
              ok: false,
              error: coded('script.threw', { script: 'Meter', line: 1, column: 2, message: 'bad' }),
            }
          : { ok: true, text: `{"v":${item.payload[0]}}` },
      ),
    }))
    const { rerender } = render(<Rows n={5} tick={0} />)
    for (let tick = 1; tick <= 5; tick++) rerender(<Rows n={5} tick={tick} />)
    expect(host().callsOf('scriptDecodeMany')).toHaveLength(0)
    expect(screen.getByText('hex 0')).toBeTruthy() // hex while waiting
    await act(async () => {
      frames.splice(0).forEach((run) => run(0))
      await Promise.resolve()
    })
    const calls = host().callsOf('scriptDecodeMany')
    expect(calls).toHaveLength(1)
    expect(calls[0]).toMatchObject({ conn: useAppStore.getState().shownId })
    expect(
      (calls[0] as unknown as { items: { topic: string }[] }).items.map((i) => i.topic),
    ).toEqual(['m/0', 'm/1', 'm/2', 'm/3', 'm/4'])
    expect(await screen.findByText('{"v":0}')).toBeTruthy()
    expect(screen.getByText('{"v":4}')).toBeTruthy()
    const marker = screen.getByText('script failed')
    expect(marker.getAttribute('title')).toContain('Script “Meter” threw')
    expect(marker.parentElement?.textContent).toContain('hex 3')
    expect(screen.getByText('hex cut').getAttribute('title')).toContain('topic details')
    // Rendering again asks nothing more: the values are kept.
    rerender(<Rows n={5} tick={6} />)
    frames.splice(0).forEach((run) => run(0))
    expect(host().callsOf('scriptDecodeMany')).toHaveLength(1)
  })
})
