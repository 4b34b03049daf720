/**
 * A small colour square that marks which subscription something belongs to. Decorative: the
 * filter is always said in words beside it or in a title, so colour is never the only cue.
 */
export function Swatch({ colour, className }: { colour: string; className?: string }) {
  return (
    <span
      aria-hidden="true"
      className={className}
      style={{
        display: 'inline-block',
        flex: 'none',
        width: 10,
        height: 10,
        borderRadius: 2,
        background: colour,
        // The theme's border keeps a pale or dark colour visible on either background.
        outline: '1px solid var(--border)',
      }}
    />
  )
}
