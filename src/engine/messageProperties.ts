import type { MessageProperties } from '../wire/mqtt'

/** The PUBLISH properties as MQTT.js's parser gives them: the same shape as what is kept. */
export type ParsedPublishProperties = MessageProperties

/**
 * The properties to keep of a received PUBLISH, or undefined when it had none (MQTT 3.1.1, or
 * MQTT 5 without properties: then nothing is allocated). The parsed object is kept as it is,
 * except the correlation data, which is copied: the parser's buffer may be a view into a network
 * chunk that the history must not pin.
 */
export function keepProperties(
  props: ParsedPublishProperties | undefined,
): MessageProperties | undefined {
  if (!props) return undefined
  const data = props.correlationData
  if (data === undefined) return props
  return { ...props, correlationData: new Uint8Array(data) }
}
