import { ChartsPanel } from '../features/charts/ChartsPanel'
import { ConnectionPanel } from '../features/connection/ConnectionPanel'
import { ConnectionTabs } from '../features/connection/ConnectionTabs'
import { Counters } from '../features/counters/Counters'
import { TopicDetails } from '../features/details/TopicDetails'
import { MessageLog } from '../features/messages/MessageLog'
import { ProfilesPanel } from '../features/profiles/ProfilesPanel'
import { PublishPanel } from '../features/publish/PublishPanel'
import { RetainedPanel } from '../features/retained/RetainedPanel'
import { ScriptsPanel } from '../features/scripts/ScriptsPanel'
import { SubscriptionsPanel } from '../features/subscriptions/SubscriptionsPanel'
import { TopicTree } from '../features/topic-tree/TopicTree'
import { WorkspaceLayout } from '../features/workspace/WorkspaceLayout'
import { WorkspaceToolbar } from '../features/workspace/WorkspaceToolbar'
import { LanguageSelect } from '../i18n/LanguageSelect'
import { useTranslation } from 'react-i18next'
import { BrokerCheckButton, BrokerCheckDialog } from './BrokerCheckDialog'
import { ErrorBoundary } from './ErrorBoundary'
import { UpdateNotice } from './UpdateNotice'

/**
 * The shell: header with counters and the workspace controls, then the resizable workspace: the
 * connection sidebar, tree, details, log and charts (tabs on a narrow window).
 */
export function App() {
  const { t } = useTranslation('app')
  return (
    <div className="app">
      <header className="app-header">
        <h1>mqtt-scope</h1>
        <ErrorBoundary name="connection tabs">
          <ConnectionTabs />
        </ErrorBoundary>
        <Counters />
        <ErrorBoundary name="broker check">
          <BrokerCheckButton />
          <BrokerCheckDialog />
        </ErrorBoundary>
        <LanguageSelect />
      </header>
      <UpdateNotice />
      <WorkspaceLayout
        toolbar={<WorkspaceToolbar />}
        sidebar={
          <aside className="sidebar" aria-label={t('Connection sidebar')}>
            <ErrorBoundary name="connection">
              <ConnectionPanel />
            </ErrorBoundary>
            <ErrorBoundary name="subscriptions">
              <SubscriptionsPanel />
            </ErrorBoundary>
            <ErrorBoundary name="publish">
              <PublishPanel />
            </ErrorBoundary>
            <ErrorBoundary name="scripts">
              <ScriptsPanel />
            </ErrorBoundary>
            {/* Below the live panels: the status and subscriptions stay in view at 720 px. */}
            <ErrorBoundary name="profiles">
              <ProfilesPanel />
            </ErrorBoundary>
          </aside>
        }
        tree={
          <ErrorBoundary name="topic tree">
            <TopicTree />
          </ErrorBoundary>
        }
        details={
          <ErrorBoundary name="topic details">
            <TopicDetails />
          </ErrorBoundary>
        }
        retained={
          <ErrorBoundary name="retained messages">
            <RetainedPanel />
          </ErrorBoundary>
        }
        log={
          <ErrorBoundary name="message log">
            <MessageLog />
          </ErrorBoundary>
        }
        charts={
          <ErrorBoundary name="charts">
            <ChartsPanel />
          </ErrorBoundary>
        }
      />
    </div>
  )
}
