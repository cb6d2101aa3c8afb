// executeAndCollect under `eddy run`: prints what came back to the client.
import { StreamExecutionEnvironment } from 'eddy'

const env = StreamExecutionEnvironment.getExecutionEnvironment()
const values = await env
  .fromSequence(1, 5)
  .map((i) => i * 10)
  .executeAndCollect()
console.log(JSON.stringify(values.sort((a, b) => a - b)))
