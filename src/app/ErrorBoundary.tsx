import { Component, type ReactNode } from 'react'

interface State {
  error?: Error
}

/** Keeps one broken panel from blanking the page; says what happened and how to recover. */
export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, State> {
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
        <div role="alert" className="panel panel-error">
          <p>
            The {this.props.name} panel hit an error: {this.state.error.message}. The connection and
            the other panels keep running: press Try again, and reload the page if it fails again.
          </p>
          <button type="button" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
        </div>
      )
    }
    return this.props.children
  }
}
