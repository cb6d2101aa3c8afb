// How jobs fail on the MiniCluster: a throwing user function, a bad key, a record that does not
// match its declared type, and bad configuration. Each fails fast with a message that names what
// went wrong and where, and never hangs.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import {
  ConfigError,
  Configuration,
  InvalidProgramError,
  JobExecutionException,
  KeyedProcessFunction,
  SerializationError,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessFunctionContext,
  type ProcessFunction,
} from '../../src/index.js'
import { EndlessCounterSource, ListSink, causeChain } from './support.js'

const thisFile = basename(fileURLToPath(import.meta.url))

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

describe('a user function that throws', () => {
  it(
    'fails execute() with a JobExecutionException naming the operator and subtask, caused by the user error',
    { timeout: 10_000 },
    async () => {
      let thrown: Error | undefined
      const e = env(1)
      e.fromData('a', 'b', 'c')
        .map((s) => {
          if (s === 'b') {
            thrown = new Error('bad record b')
            throw thrown
          }
          return s
        })
        .sinkTo(new ListSink<string>())
      await assert.rejects(e.execute('failing job'), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(err.message, /^Job 'failing job' \([0-9a-f]{32}\) failed: /)
        assert.match(err.message, /operator 'Map'/)
        assert.match(err.message, /subtask 1\/1/)
        assert.match(err.message, /bad record b/)
        assert.ok(thrown !== undefined)
        assert.ok(causeChain(err).includes(thrown), 'the original Error is in the cause chain')
        assert.ok(thrown.stack?.includes(thisFile), 'its stack points at the user code')
        return true
      })
    },
  )

  it(
    'names the failing subtask of a parallel operator (record 1 of 3 goes to subtask 2/2)',
    { timeout: 10_000 },
    async () => {
      const boom = new TypeError('no b allowed')
      const e = env(2)
      e.fromData('a', 'b', 'c')
        .rebalance()
        .map((s) => {
          if (s === 'b') throw boom
          return s
        })
        .sinkTo(new ListSink<string>())
      await assert.rejects(e.execute(), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(err.message, /operator 'Map' \(subtask 2\/2\) threw: no b allowed$/)
        assert.ok(causeChain(err).includes(boom))
        return true
      })
    },
  )

  it(
    'names the operator inside a chain that threw, not the chain head',
    { timeout: 10_000 },
    async () => {
      const e = env(1)
      e.fromData(1, 2, 3)
        .map((n) => n * 10)
        .filter((n) => {
          if (n === 20) throw new RangeError('twenty')
          return true
        })
        .map((n) => n + 1)
        .sinkTo(new ListSink<number>())
      await assert.rejects(e.execute(), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(err.message, /operator 'Filter' \(subtask 1\/1\) threw: twenty$/)
        return true
      })
    },
  )

  it('fails an unbounded job too, cancelling the rest of it', { timeout: 10_000 }, async () => {
    const e = env(2)
    e.fromSource(new EndlessCounterSource(), WatermarkStrategy.noWatermarks(), 'Counter')
      .setParallelism(1)
      .rebalance()
      .map((n) => {
        // Far beyond what the source emits in its first slice, so every subtask has started.
        if (n === 1_000_000) throw new Error('stop at a million')
        return n
      })
      .sinkTo(new ListSink<number>())
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof JobExecutionException)
      assert.match(err.message, /operator 'Map' \(subtask 1\/2\) threw: stop at a million$/)
      return true
    })
  })

  it('rejects with a non-Error thrown value described', { timeout: 10_000 }, async () => {
    const e = env(1)
    e.fromData(1)
      .map(() => {
        throw 'just a string' as unknown as Error
      })
      .sinkTo(new ListSink<never>())
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof JobExecutionException)
      assert.match(
        err.message,
        /operator 'Map' \(subtask 1\/1\) threw: non-Error value thrown: just a string$/,
      )
      return true
    })
  })
})

describe('a failed job', () => {
  it('leaves nothing running: the process exits by itself', { timeout: 30_000 }, async () => {
    const job = fileURLToPath(new URL('./jobs/fail-fast-job.ts', import.meta.url))
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', job], {
      cwd: root,
      timeout: 5_000,
    })
    const { stdout } = await run
    assert.match(
      stdout,
      /^Job 'fail fast job' \([0-9a-f]{32}\) failed: User function of operator 'Map' \(subtask 1\/2\) threw: fail fast\n$/,
    )
  })
})

describe('a key selector that returns undefined', () => {
  it('fails the job with a clear error instead of hanging', { timeout: 10_000 }, async () => {
    const e = env(2)
    e.fromData<{ id?: string }>({ id: 'x' }, {})
      .keyBy((r) => r.id)
      .map((r) => r)
      .sinkTo(new ListSink<{ id?: string }>())
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof JobExecutionException)
      assert.match(err.message, /key selector returned undefined/)
      return true
    })
  })
})

describe('a bad key or partition', () => {
  it(
    'rejects a key that is a class instance, naming what was returned',
    { timeout: 10_000 },
    async () => {
      const e = env(2)
      e.fromData(1)
        .keyBy(() => new Map<string, number>())
        .map((n) => n)
        .sinkTo(new ListSink<number>())
      await assert.rejects(e.execute(), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(err.message, /key selector returned an instance of Map/)
        return true
      })
    },
  )

  it(
    'rejects a custom partitioner that returns a channel out of range',
    { timeout: 10_000 },
    async () => {
      const e = env(3)
      e.fromData(1, 2)
        .partitionCustom(
          () => 5,
          (n) => n,
        )
        .map((n) => n)
        .sinkTo(new ListSink<number>())
      await assert.rejects(e.execute(), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(
          err.message,
          /Custom partitioner returned channel 5; it must be an integer in \[0, 3\)/,
        )
        return true
      })
    },
  )

  it('rejects a parallelism of 0 when it is set', () => {
    assert.throws(
      () =>
        env(1)
          .fromData(1)
          .map((n) => n)
          .setParallelism(0),
      (err: unknown) =>
        err instanceof InvalidProgramError &&
        /parallelism of operator 'Map'.*got 0/.test(err.message),
    )
  })
})

describe('a record that does not match its declared type', () => {
  interface A {
    a: number
  }
  const badRecord = (n: number): A => ({ a: n === 2 ? 'x' : n }) as unknown as A

  it(
    'fails where it is serialized, with a message naming the field',
    { timeout: 10_000 },
    async () => {
      const e = env(2)
      e.fromData(1, 2, 3)
        .map(badRecord)
        .returns(Types.ROW({ a: Types.INT }))
        .rebalance()
        .sinkTo(new ListSink<A>())
      await assert.rejects(e.execute(), (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(err.message, /field 'a': expected INT, got string "x"/)
        assert.match(
          err.message,
          /Operator 'Map' \(subtask 2\/2\) failed: Cannot serialize value as ROW<a INT>/,
        )
        assert.ok(causeChain(err).some((c) => c instanceof SerializationError))
        return true
      })
    },
  )

  it(
    'fails even when the next operator is chained (Flink copies records through the serializer)',
    { timeout: 10_000 },
    async () => {
      await assert.rejects(
        env(1)
          .fromData(1, 2, 3)
          .map(badRecord)
          .returns(Types.ROW({ a: Types.INT }))
          .executeAndCollect(),
        /field 'a': expected INT, got string "x"/,
      )
    },
  )

  it(
    'fails before it is copied to the branches of a chained fan-out, none of them run',
    { timeout: 10_000 },
    async () => {
      const e = env(1)
      const seen: number[] = []
      const mapped = e
        .fromData(1, 2, 3)
        .map(badRecord)
        .returns(Types.ROW({ a: Types.INT }))
      mapped.map((r) => seen.push(r.a)).sinkTo(new ListSink<number>())
      mapped.map((r) => seen.push(r.a)).sinkTo(new ListSink<number>())
      await assert.rejects(e.execute(), /field 'a': expected INT, got string "x"/)
      assert.deepEqual(seen, [1, 1])
    },
  )
})

describe('configuration', () => {
  it('rejects an unknown key passed via Configuration.fromMap with a ConfigError naming it', () => {
    assert.throws(
      () => Configuration.fromMap({ 'parallelism.defualt': 4 }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.equal(
          err.message,
          "Unknown configuration key 'parallelism.defualt'. Did you mean 'parallelism.default'?",
        )
        assert.equal(err.context['key'], 'parallelism.defualt')
        return true
      },
    )
  })

  it('rejects an invalid value with a ConfigError naming the key', () => {
    assert.throws(
      () => Configuration.fromMap({ 'parallelism.default': 'four' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError)
        assert.match(err.message, /'parallelism\.default'/)
        assert.equal(err.context['key'], 'parallelism.default')
        return true
      },
    )
  })

  it('applies a valid map to the environment', async () => {
    const conf = Configuration.fromMap({ 'parallelism.default': 3 })
    const e = StreamExecutionEnvironment.getExecutionEnvironment(conf)
    const sink = new ListSink<number>()
    e.fromData(1, 2, 3)
      .rebalance()
      .map((n) => n)
      .sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(sink.perSubtask(3), [[1], [2], [3]])
  })
})

describe('an invalid program', () => {
  it('without operators is rejected by execute()', async () => {
    await assert.rejects(env(1).execute(), (err: unknown) => {
      assert.ok(err instanceof InvalidProgramError)
      assert.match(err.message, /^No operators defined in streaming topology\. Cannot execute/)
      return true
    })
  })

  it('with a KeyedProcessFunction on a non-keyed stream is rejected (at run time for JS callers)', () => {
    class PerKey extends KeyedProcessFunction<string, string, string> {
      processElement(
        v: string,
        ctx: KeyedProcessFunctionContext<string>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}:${v}`)
      }
    }
    // TypeScript rejects this call already (see test/types/datastream.test-d.ts).
    const fn = new PerKey() as unknown as ProcessFunction<string, string>
    assert.throws(
      () => env(1).fromData('a').process(fn),
      /A KeyedProcessFunction can only be used on a keyed stream/,
    )
  })

  it('with a parallelism above the max parallelism is rejected', async () => {
    const e = env(4).setMaxParallelism(2)
    e.fromData(1)
      .rebalance()
      .map((n) => n)
      .sinkTo(new ListSink<number>())
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof InvalidProgramError)
      assert.match(
        err.message,
        /parallelism \(4\) of operator 'Map' is larger than its max parallelism \(2\)/,
      )
      return true
    })
  })
})
