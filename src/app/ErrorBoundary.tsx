import { Component, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'

interface State {
  error?: Error
}

/** The panels App wraps, as the error message names them. */
export type PanelName =
  | 'connection tabs'
  | 'connection'
  | 'subscriptions'
  | 'publish'
  | 'profiles'
  | 'topic tree'
  | 'topic details'
  | 'retained messages'
  | 'message log'
  | 'charts'
  | 'broker check'
  | 'scripts'

/** What a broken panel shows, in the UI language (a class component cannot use the hook). */
function PanelError({ name, error, retry }: { name: PanelName; error: Error; retry: () => void }) {
  const { t } = useTranslation('app')
  return (
    <div role="alert" className="panel panel-error">
      <p>
        {t(
          'The {{name}} panel hit an error: {{error}}. The connection and the other panels keep running: press Try again, and reload the page if it fails again.',
          { name: t(name), error: error.message },
        )}
      </p>
      <button type="button" onClick={retry}>
        {t('Try again')}
      </button>
    </div>
  )
}

/** Keeps one broken panel from blanking the page; says what happened and how to recover. */
export class ErrorBoundary extends Component<{ name: PanelName; children: ReactNode }, State> {
  override state: State = {}

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  override componentDidCatch(error: Error): void {
    console.error(`The ${this.props.name} panel failed:`, error)
  }

  override render() {
    if (this.state.error) {
      return (
        <PanelError
          name={this.props.name}
          error={this.state.error}
          retry={() => this.setState({ error: undefined })}
        />
      )
    }
    return this.props.children
  }
}
