/**
 * Broker check (#15): the runner and the pure helpers on its reports. Framework-free; the worker
 * passes `mqtt.connect`, the view words codes with the brokerCheck catalog.
 */
export { runBrokerCheck } from './runner'
export { isLoopbackUrl } from './context'
export { compareReports, sameOutcome, type Comparison, type ComparisonRow } from './compare'
export {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  exportJson,
  parseExport,
  type BrokerCheckExport,
} from './exportJson'
export { buildCheckLink, parseCheckLink, withoutCredentials, type CheckLink } from './link'
export { comparisonMarkdown, scorecardMarkdown } from './markdown'
export {
  checkName,
  countStatuses,
  figureName,
  figureText,
  groupName,
  isLabel,
  label,
  meaningText,
  quantityValue,
  scorecard,
  statusName,
  STATUSES,
  type Label,
  type Scorecard,
  type Word,
} from './scorecard'
export * from './types'
