// How fast the tumbling-window count (bench/workloads.ts, window-tumbling-count) could be if
// everything DESIGN.md makes a keyed job do were fused by hand into one loop, with no framework
// around it: the ceiling of that benchmark's ratio under our architecture. Each step is a
// hand-written loop that adds one required piece to the one before:
//   loop        the benchmark's own baseline: a Map<key, count> per window
//   codec       + each record crosses the keyBy edge as Eddy's bytes: element tag and timestamp,
//                 Eddy's generated ROW serializer into a 32 KiB buffer, the buffer copied out as
//                 the RecordWriter hands it on, read back by the generated deserializer
//   keyGroups   + the receiver computes the key's group (canonical hash, murmur, % 128) and counts
//                 in that group's map, as keyed state is kept for snapshots and rescaling
// Each step runs in its own child process, so V8's type feedback of one does not slow another.
// Usage: node --import tsx bench/keyed-window-floor.ts [--records 3000000] [--json]
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { computeKeyGroupForKeyHash } from '../src/core/keys/key-group-range-assignment.js'
import { hashKey } from '../src/core/keys/key-hash.js'
import { DataInputDeserializer } from '../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../src/core/memory/data-output-serializer.js'
import { Types } from '../src/core/types/types.js'
import { RECORD_WITH_TIMESTAMP } from '../src/runtime/common/stream-element.js'
import { nsPerRecordInChild } from './child-step.js'

interface KeyedTime {
  key: string
  n: number
  t: number
}

const STEPS = {
  loop: "the benchmark's hand-written loop",
  codec: '+ keyBy edge as bytes: tag, timestamp, generated ROW serializer, 32 KiB buffers',
  keyGroups: '+ key group per record (canonical hash, murmur, % 128) and a map per key group',
} as const
type Step = keyof typeof STEPS

const KEYS: readonly string[] = Array.from({ length: 1000 }, (_, i) => `key-${i}`)
const RECORDS_PER_MS = 100
const WINDOW = 1000
const SEGMENT_SIZE = 32 * 1024
const MAX_PARALLELISM = 128
const KeyedTimeRow = Types.ROW({ key: Types.STRING, n: Types.INT, t: Types.LONG })

/** Returns the sum of the emitted counts, so no step can skip its work. */
function loop(records: number): number {
  let checksum = 0
  let windowStart = 0
  let counts = new Map<string, number>()
  for (let i = 0; i < records; i++) {
    const r: KeyedTime = {
      key: KEYS[i % 1000]!,
      n: i % 7,
      t: Math.floor(i / RECORDS_PER_MS),
    }
    if (r.t >= windowStart + WINDOW) {
      for (const c of counts.values()) checksum += c
      counts = new Map()
      windowStart = r.t - (r.t % WINDOW)
    }
    counts.set(r.key, (counts.get(r.key) ?? 0) + 1)
  }
  for (const c of counts.values()) checksum += c
  return checksum
}

/** The sending and receiving halves of `codec` and `keyGroups`; `keyed` picks the receiver. */
function throughBytes(records: number, keyed: boolean): number {
  const serializer = KeyedTimeRow.createSerializer()
  const out = new DataOutputSerializer(SEGMENT_SIZE + 1024)
  const input = new DataInputDeserializer()
  let checksum = 0
  let windowStart = 0
  let counts = new Map<string, number>()
  let groups: (Map<string, number> | undefined)[] = new Array(MAX_PARALLELISM).fill(undefined)
  const fire = (): void => {
    if (keyed) {
      for (const group of groups)
        if (group !== undefined) for (const c of group.values()) checksum += c
      groups = new Array(MAX_PARALLELISM).fill(undefined)
    } else {
      for (const c of counts.values()) checksum += c
      counts = new Map()
    }
  }
  const receive = (buffer: Uint8Array): void => {
    input.setBuffer(buffer)
    while (input.available() > 0) {
      input.readByte()
      const timestamp = input.readFloat64()
      const r = serializer.deserialize(input) as KeyedTime
      if (timestamp >= windowStart + WINDOW) {
        fire()
        windowStart = timestamp - (timestamp % WINDOW)
      }
      if (keyed) {
        const keyGroup = computeKeyGroupForKeyHash(hashKey(r.key), MAX_PARALLELISM)
        let group = groups[keyGroup]
        if (group === undefined) groups[keyGroup] = group = new Map()
        group.set(r.key, (group.get(r.key) ?? 0) + 1)
      } else {
        counts.set(r.key, (counts.get(r.key) ?? 0) + 1)
      }
    }
  }
  for (let i = 0; i < records; i++) {
    const r: KeyedTime = {
      key: KEYS[i % 1000]!,
      n: i % 7,
      t: Math.floor(i / RECORDS_PER_MS),
    }
    out.writeByte(RECORD_WITH_TIMESTAMP)
    out.writeFloat64(r.t)
    serializer.serialize(r, out)
    if (out.position >= SEGMENT_SIZE) {
      receive(out.toUint8Array())
      out.clear()
    }
  }
  receive(out.toUint8Array())
  fire()
  return checksum
}

function run(step: Step, records: number): number {
  switch (step) {
    case 'loop':
      return loop(records)
    case 'codec':
      return throughBytes(records, false)
    case 'keyGroups':
      return throughBytes(records, true)
  }
}

/** Best ns/record of five runs after a warm-up; throws if a run lost records. */
function measure(step: Step, records: number): number {
  run(step, Math.max(1000, Math.round(records / 10)))
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now()
    const checksum = run(step, records)
    const ns = ((performance.now() - t0) * 1e6) / records
    if (checksum !== records) throw new Error(`${step} counted ${checksum} of ${records} records`)
    best = Math.min(best, ns)
  }
  return best
}

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '3000000' },
    json: { type: 'boolean', default: false },
    step: { type: 'string' },
  },
})
const records = Number(opts.records)

if (opts.step !== undefined) {
  process.stdout.write(JSON.stringify(measure(opts.step as Step, records)))
} else {
  const rows: { step: Step; nsPerRecord: number; ratio: number }[] = []
  for (const step of Object.keys(STEPS) as Step[]) {
    const ns = nsPerRecordInChild(fileURLToPath(import.meta.url), step, [
      '--records',
      String(records),
    ])
    rows.push({ step, nsPerRecord: ns, ratio: rows.length === 0 ? 1 : rows[0]!.nsPerRecord / ns })
  }
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2))
  } else {
    console.log(`${records.toLocaleString('en-US')} records, best of 5 per step\n`)
    for (const row of rows) {
      const ratio = `${(row.ratio * 100).toFixed(1)}%`.padStart(6)
      console.log(
        `${row.step.padEnd(10)} ${row.nsPerRecord.toFixed(1).padStart(6)} ns  ${ratio}  ${STEPS[row.step]}`,
      )
    }
  }
}
