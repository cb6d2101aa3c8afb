// The job of bench/nexmark/run.ts: one Nexmark query over generated events into a
// DiscardingSink. Arguments: <query> <events> <first-event-rate>; parallelism, checkpointing and
// everything else come from `eddy run` (-p, -D).
import { DiscardingSink, StreamExecutionEnvironment } from '../../src/index.js'
import { NexmarkSource } from '../../src/connectors/nexmark/index.js'
import { nexmarkEvents } from '../nexmark/event-streams.js'
import { nexmarkQuery } from '../nexmark/queries.js'

const [name = 'q0', events = '1000000', rate = '10000'] = process.argv.slice(2)
const query = nexmarkQuery(name)
const env = StreamExecutionEnvironment.getExecutionEnvironment()
const source = new NexmarkSource({ numEvents: Number(events), firstEventRate: Number(rate) })
query.build(nexmarkEvents(env, source)).sinkTo(new DiscardingSink()).name('discard')
await env.execute(`nexmark ${query.name}`)
