import type { SavedKind } from '../../lib/persist'
import { savedBrokerChecks } from './brokerChecks'
import { savedCharts } from './charts'
import { savedDecoders } from './decoders'
import { savedLanguage } from './language'
import { savedLogView } from './logView'
import { savedProfiles } from './profiles'
import { savedPublish } from './publish'
import { savedSchemas } from './schemas'
import { savedScripts } from './scripts'
import { savedTabs } from './tabs'
import { savedWorkspace } from './workspace'

/**
 * Every kind of data mqtt-scope keeps in the browser, each under `mqtt-scope.<name>`. Tests use
 * this list to check that each has its sentences and that data saved before this helper is all
 * found again.
 */
export const SAVED_KINDS: readonly SavedKind<object>[] = [
  savedProfiles,
  savedPublish,
  savedCharts,
  savedWorkspace,
  savedDecoders,
  savedLogView,
  savedLanguage,
  savedTabs,
  savedBrokerChecks,
  savedSchemas,
  savedScripts,
]
