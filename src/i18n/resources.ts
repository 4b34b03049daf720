import enBrokerCheck from './locales/en/brokerCheck.json'
import enBrokerCheckPanel from './locales/en/brokerCheckPanel.json'
import enCharts from './locales/en/charts.json'
import enCommon from './locales/en/common.json'
import enConnection from './locales/en/connection.json'
import enCounters from './locales/en/counters.json'
import enApp from './locales/en/app.json'
import enDetails from './locales/en/details.json'
import enMessages from './locales/en/messages.json'
import enPayloadTools from './locales/en/payloadTools.json'
import enProfiles from './locales/en/profiles.json'
import enPublish from './locales/en/publish.json'
import enPwa from './locales/en/pwa.json'
import enRetained from './locales/en/retained.json'
import enSubscriptions from './locales/en/subscriptions.json'
import enTopicTree from './locales/en/topicTree.json'
import enWorkspace from './locales/en/workspace.json'
import enScripts from './locales/en/scripts.json'
import enCodesMqtt from './locales/en/codes/mqtt.json'
import enCodesPublish from './locales/en/codes/publish.json'
import enCodesSession from './locales/en/codes/session.json'
import enCodesFilter from './locales/en/codes/filter.json'
import enCodesUrl from './locales/en/codes/url.json'
import enCodesDecode from './locales/en/codes/decode.json'
import enCodesLog from './locales/en/codes/log.json'
import enCodesRecord from './locales/en/codes/record.json'
import enCodesProfiles from './locales/en/codes/profiles.json'
import enCodesStorage from './locales/en/codes/storage.json'
import enCodesCounters from './locales/en/codes/counters.json'
import enCodesBrokerCheck from './locales/en/codes/brokerCheck.json'
import enCodesPayloadTools from './locales/en/codes/payloadTools.json'
import zhBrokerCheck from './locales/zh/brokerCheck.json'
import zhBrokerCheckPanel from './locales/zh/brokerCheckPanel.json'
import zhCharts from './locales/zh/charts.json'
import zhCommon from './locales/zh/common.json'
import zhConnection from './locales/zh/connection.json'
import zhCounters from './locales/zh/counters.json'
import zhApp from './locales/zh/app.json'
import zhDetails from './locales/zh/details.json'
import zhMessages from './locales/zh/messages.json'
import zhPayloadTools from './locales/zh/payloadTools.json'
import zhProfiles from './locales/zh/profiles.json'
import zhPublish from './locales/zh/publish.json'
import zhPwa from './locales/zh/pwa.json'
import zhRetained from './locales/zh/retained.json'
import zhSubscriptions from './locales/zh/subscriptions.json'
import zhTopicTree from './locales/zh/topicTree.json'
import zhWorkspace from './locales/zh/workspace.json'
import zhScripts from './locales/zh/scripts.json'
import zhCodesMqtt from './locales/zh/codes/mqtt.json'
import zhCodesPublish from './locales/zh/codes/publish.json'
import zhCodesSession from './locales/zh/codes/session.json'
import zhCodesFilter from './locales/zh/codes/filter.json'
import zhCodesUrl from './locales/zh/codes/url.json'
import zhCodesDecode from './locales/zh/codes/decode.json'
import zhCodesLog from './locales/zh/codes/log.json'
import zhCodesRecord from './locales/zh/codes/record.json'
import zhCodesProfiles from './locales/zh/codes/profiles.json'
import zhCodesStorage from './locales/zh/codes/storage.json'
import zhCodesCounters from './locales/zh/codes/counters.json'
import zhCodesBrokerCheck from './locales/zh/codes/brokerCheck.json'
import zhCodesPayloadTools from './locales/zh/codes/payloadTools.json'

/**
 * One namespace per feature, bundled into the app (no network fetch). `codes` words the coded
 * failures and notes (src/i18n/word.ts); it is merged from one file per area (codes/*.json), each
 * with its own key prefix, so areas add codes without touching each other's files.
 */
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
    codes: {
      ...enCodesMqtt,
      ...enCodesPublish,
      ...enCodesSession,
      ...enCodesFilter,
      ...enCodesUrl,
      ...enCodesDecode,
      ...enCodesLog,
      ...enCodesRecord,
      ...enCodesProfiles,
      ...enCodesStorage,
      ...enCodesCounters,
      ...enCodesBrokerCheck,
      ...enCodesPayloadTools,
    },
    brokerCheck: enBrokerCheck,
    payloadTools: enPayloadTools,
    brokerCheckPanel: enBrokerCheckPanel,
    scripts: enScripts,
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
    codes: {
      ...zhCodesMqtt,
      ...zhCodesPublish,
      ...zhCodesSession,
      ...zhCodesFilter,
      ...zhCodesUrl,
      ...zhCodesDecode,
      ...zhCodesLog,
      ...zhCodesRecord,
      ...zhCodesProfiles,
      ...zhCodesStorage,
      ...zhCodesCounters,
      ...zhCodesBrokerCheck,
      ...zhCodesPayloadTools,
    },
    brokerCheck: zhBrokerCheck,
    payloadTools: zhPayloadTools,
    brokerCheckPanel: zhBrokerCheckPanel,
    scripts: zhScripts,
  },
} as const
