import mqtt from 'mqtt'
import { startBroker } from '../server/broker.ts'
const b = await startBroker({ tcpPort: 0, wsPort: 0 })
const c = await mqtt.connectAsync(`ws://127.0.0.1:${b.wsPort}`, { reconnectPeriod: 0, protocolVersion: 4 })
const t0 = Date.now()
c.on('close', () => console.log('close', Date.now() - t0))
c.on('error', (e) => console.log('error', e.message))
await c.subscribeAsync('fb/#')
const deep = `fb/${Array.from({ length: 119 }, (_, i) => `l${i}`).join('/')}`
c.publish(deep, 'x', { qos: 0 }, (e) => console.log('cb', e?.message, Date.now() - t0))
await new Promise((r) => setTimeout(r, 1500))
console.log('connected?', c.connected)
c.publish('$SYS/test', 'x', { qos: 0 })
await new Promise((r) => setTimeout(r, 1500))
console.log('connected after $SYS?', c.connected)
await c.endAsync(); await b.close()
