import enBrokerCheck from './locales/en/brokerCheck.json'
import enCharts from './locales/en/charts.json'
import enCommon from './locales/en/common.json'
import enConnection from './locales/en/connection.json'
import enCounters from './locales/en/counters.json'
import enApp from './locales/en/app.json'
import enDetails from './locales/en/details.json'
import enMessages from './locales/en/messages.json'
import enProfiles from './locales/en/profiles.json'
import enPublish from './locales/en/publish.json'
import enPwa from './locales/en/pwa.json'
import enReasons from './locales/en/reasons.json'
import enRetained from './locales/en/retained.json'
import enSubscriptions from './locales/en/subscriptions.json'
import enTopicTree from './locales/en/topicTree.json'
import enWorkspace from './locales/en/workspace.json'
import zhBrokerCheck from './locales/zh/brokerCheck.json'
import zhCharts from './locales/zh/charts.json'
import zhCommon from './locales/zh/common.json'
import zhConnection from './locales/zh/connection.json'
import zhCounters from './locales/zh/counters.json'
import zhApp from './locales/zh/app.json'
import zhDetails from './locales/zh/details.json'
import zhMessages from './locales/zh/messages.json'
import zhProfiles from './locales/zh/profiles.json'
import zhPublish from './locales/zh/publish.json'
import zhPwa from './locales/zh/pwa.json'
import zhReasons from './locales/zh/reasons.json'
import zhRetained from './locales/zh/retained.json'
import zhSubscriptions from './locales/zh/subscriptions.json'
import zhTopicTree from './locales/zh/topicTree.json'
import zhWorkspace from './locales/zh/workspace.json'

/** One namespace per feature, bundled into the app (no network fetch). */
export const resources = {
  en: {
    common: enCommon,
    connection: enConnection,
    profiles: enProfiles,
    publish: enPublish,
    pwa: enPwa,
    subscriptions: enSubscriptions,
    charts: enCharts,
    counters: enCounters,
    topicTree: enTopicTree,
    details: enDetails,
    retained: enRetained,
    messages: enMessages,
    workspace: enWorkspace,
    app: enApp,
    reasons: enReasons,
    brokerCheck: enBrokerCheck,
  },
  zh: {
    common: zhCommon,
    connection: zhConnection,
    profiles: zhProfiles,
    publish: zhPublish,
    pwa: zhPwa,
    subscriptions: zhSubscriptions,
    charts: zhCharts,
    counters: zhCounters,
    topicTree: zhTopicTree,
    details: zhDetails,
    retained: zhRetained,
    messages: zhMessages,
    workspace: zhWorkspace,
    app: zhApp,
    reasons: zhReasons,
    brokerCheck: zhBrokerCheck,
  },
} as const
