// A fast source into a slow sink in another slot sharing group, so that on two one-slot
// TaskManagers they run in different processes: the sink cannot keep up, and credit-based flow
// control must hold the source back. Arguments: the record count.
import { DiscardingSink, StreamExecutionEnvironment, Types } from 'eddy'

const count = Number(process.argv[2] ?? '10000000')
const PAD = 'x'.repeat(48)

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSequence(1, count)
  .map((i) => ({ i, pad: PAD }), Types.ROW({ i: Types.LONG, pad: Types.STRING }))
  .rebalance()
  .map((r) => {
    // Busy work that makes the sink several times slower than the source.
    let h = r.i
    for (let k = 0; k < 40; k++) h = (h * 31 + k) | 0
    return h
  })
  .slotSharingGroup('sink')
  .sinkTo(new DiscardingSink())
  .name('slow sink')
await env.execute('fast source, slow sink')
