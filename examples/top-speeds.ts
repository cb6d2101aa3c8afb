// Top speeds, as Flink's TopSpeedWindowing example: cars report (id, speed km/h, distance m,
// time) every 100 ms; every time a car has driven 50 m more since the last report, the top speed
// of its last 10 seconds is emitted. A global window per car, fired by a DeltaTrigger on the
// distance and trimmed by a TimeEvictor. The car data is generated from a fixed seed.
//   npx eddy run examples/top-speeds.ts [--cars 2] [--reports 60]
import {
  DeltaTrigger,
  GlobalWindows,
  StreamExecutionEnvironment,
  Time,
  TimeEvictor,
  WatermarkStrategy,
  type GlobalWindow,
} from 'eddy'

type CarEvent = [carId: number, speed: number, distance: number, time: number]

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name)
  return i > 0 ? Number(process.argv[i + 1]) : fallback
}

/** Every car speeds up or slows down by 5 km/h per report, as Flink's CarSource (seeded). */
function carEvents(cars: number, reports: number): CarEvent[] {
  let seed = 42
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
  const speeds = new Array<number>(cars).fill(50)
  const distances = new Array<number>(cars).fill(0)
  const events: CarEvent[] = []
  for (let r = 0; r < reports; r++) {
    for (let car = 0; car < cars; car++) {
      speeds[car] = random() > 0.5 ? Math.min(100, speeds[car]! + 5) : Math.max(0, speeds[car]! - 5)
      distances[car] = distances[car]! + speeds[car]! / 3.6
      events.push([car, speeds[car]!, Math.round(distances[car]! * 100) / 100, r * 100])
    }
  }
  return events
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()

env
  .fromData(...carEvents(option('--cars', 2), option('--reports', 60)))
  // One reader, as Flink's CarSource: each car's reports must arrive in order.
  .setParallelism(1)
  .assignTimestampsAndWatermarks(
    WatermarkStrategy.forMonotonousTimestamps<CarEvent>().withTimestampAssigner((e) => e[3]),
  )
  .setParallelism(1)
  .keyBy((e) => e[0])
  .window(GlobalWindows.create())
  .evictor(TimeEvictor.of<GlobalWindow>(Time.seconds(10)))
  .trigger(DeltaTrigger.of<CarEvent, GlobalWindow>(50, (a, b) => b[2] - a[2]))
  .maxBy(1)
  .print()

await env.execute('CarTopSpeedWindowingExample')
