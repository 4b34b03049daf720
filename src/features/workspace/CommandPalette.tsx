import { Command } from 'cmdk'
import { useBrokerCheckStore } from '../../store/brokerCheckStore'
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { selectStatus, useAppStore } from '../../store/appStore'
import { addChart } from '../../store/chartsStore'
import { connect, disconnect } from '../../store/lifecycle'
import { buttonNamed, focusField } from './domTargets'
import { ModalDialog } from './ModalDialog'
import { revealPanel } from './reveal'
import { resolvedTheme, useWorkspaceStore } from './workspaceStore'

interface PaletteCommand {
  id: string
  label: string
  keywords: string[]
  run: () => void
}

function useCommands(): PaletteCommand[] {
  const { t } = useTranslation('workspace')
  const state = useAppStore(selectStatus).state
  const connId = useAppStore((s) => s.shownId)
  const ws = useWorkspaceStore.getState()
  const offline = state === 'disconnected'
  const commands: PaletteCommand[] = [
    offline
      ? {
          id: 'connect',
          label: 'Connect',
          keywords: ['broker', 'start'],
          run: () => connect(connId),
        }
      : {
          id: 'disconnect',
          label: 'Disconnect',
          keywords: ['broker', 'stop'],
          run: () => disconnect(connId),
        },
    {
      id: 'subscribe',
      label: 'Focus the subscription filter',
      keywords: ['subscribe', 'topic'],
      run: () => {
        revealPanel('sidebar')
        focusField({ ns: 'subscriptions', key: 'Topic filter' })
      },
    },
    {
      id: 'filter',
      label: 'Focus the topic tree filter',
      keywords: ['search', 'find', 'tree'],
      run: () => {
        revealPanel('tree')
        focusField({ ns: 'topicTree', key: 'Filter topics' })
      },
    },
    {
      id: 'chart',
      label: 'Add a chart',
      keywords: ['plot', 'graph', 'series'],
      run: () => {
        addChart(connId)
        revealPanel('charts')
      },
    },
    {
      id: 'link',
      label: 'Copy a link to this view',
      keywords: ['share', 'url', 'deep link'],
      run: () => {
        revealPanel('sidebar')
        // The connection panel's own button: it shows the link when the clipboard is refused.
        requestAnimationFrame(() => buttonNamed({ ns: 'connection', key: 'Copy link' })?.click())
      },
    },
    {
      id: 'retained',
      label: 'Open the retained messages manager',
      keywords: ['clear retained', 'retain', 'delete'],
      run: () => {
        revealPanel('retained')
        focusField({ ns: 'retained', key: 'Retained filter' })
      },
    },
    {
      id: 'brokerCheck',
      label: 'Open the broker check',
      keywords: ['test broker', 'scorecard', 'compare brokers'],
      run: () => useBrokerCheckStore.getState().setOpen(true),
    },
    {
      id: 'theme',
      label: 'Switch between light and dark theme',
      keywords: ['dark', 'light', 'colour', 'color'],
      run: () => ws.setTheme(resolvedTheme(ws.theme) === 'dark' ? 'light' : 'dark'),
    },
    {
      id: 'density',
      label: ws.density === 'compact' ? 'Comfortable density' : 'Compact density',
      keywords: ['dense', 'spacing', 'size'],
      run: () => ws.setDensity(ws.density === 'compact' ? 'comfortable' : 'compact'),
    },
    {
      id: 'shortcuts',
      label: 'Show keyboard shortcuts',
      keywords: ['help', 'keys', '?'],
      run: () => ws.setShortcutsOpen(true),
    },
  ]
  // Shown in the UI language; the English label stays a keyword, so "chart" finds its command
  // in any language.
  return commands.map((c) => ({
    ...c,
    label: t(c.label as CommandLabel),
    keywords: [...c.keywords, c.label],
  }))
}

type CommandLabel =
  | 'Connect'
  | 'Disconnect'
  | 'Focus the subscription filter'
  | 'Focus the topic tree filter'
  | 'Add a chart'
  | 'Copy a link to this view'
  | 'Open the retained messages manager'
  | 'Open the broker check'
  | 'Switch between light and dark theme'
  | 'Comfortable density'
  | 'Compact density'
  | 'Show keyboard shortcuts'

/** Ctrl+K: type to filter the actions, ↑/↓ to choose, Enter to run, Esc to close. */
export function CommandPalette() {
  const open = useWorkspaceStore((s) => s.paletteOpen)
  const setOpen = useWorkspaceStore((s) => s.setPaletteOpen)
  const commands = useCommands()
  const id = useId()
  const { t } = useTranslation('workspace')

  const run = (cmd: PaletteCommand) => {
    setOpen(false)
    // After the dialog has closed and given focus back, so a command can move focus itself.
    setTimeout(cmd.run, 0)
  }

  return (
    <ModalDialog
      open={open}
      onClose={() => setOpen(false)}
      labelledBy={`${id}-h`}
      className="ws-palette"
    >
      <h2 id={`${id}-h`} className="visually-hidden">
        {t('Command palette')}
      </h2>
      {/* cmdk names its input by `label` (aria-labelledby wins over aria-label) and its list by
          its own `label` prop (default "Suggestions"): the contract's names go there. */}
      <Command label={t('Command')} loop>
        <Command.Input data-autofocus placeholder={t('Type a command…')} />
        <Command.List label={t('Commands')}>
          <Command.Empty>
            {t('No command matches: try “chart”, “theme” or “connect”.')}
          </Command.Empty>
          {commands.map((c) => (
            <Command.Item key={c.id} value={c.label} keywords={c.keywords} onSelect={() => run(c)}>
              {c.label}
            </Command.Item>
          ))}
        </Command.List>
      </Command>
    </ModalDialog>
  )
}
