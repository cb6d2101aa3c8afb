// Compiles the record path of one task's operator chain into code of its own (DESIGN.md §4):
// map, filter and flatMap are fused into straight-line calls of the user functions, other
// operators are called through `processElement`, and each operator's Output is a generated object
// whose call sites see exactly one target, so V8 can inline across the chain. A `stage` variable
// tracks which operator runs, so that an error can name it; collectors restore it when control
// returns to the emitting operator. Cohesive code emitter: one function per element kind.
import { CodeWriter } from '../../../core/code-writer.js'
import { SerializationError } from '../../../core/errors.js'
import { copyRecord } from '../../../core/deep-copy.js'
import type { TypeInformation } from '../../../core/types/type-information.js'
import { generateCopy, generateInstanceCheck } from '../../../core/types/serializer-generator.js'
import type { StreamEdge, StreamNode } from '../../../graph/stream-graph.js'
import type { KeyExtractor } from '../../../api/dag/transformation.js'
import { takesPartInCheckpoints } from '../../../api/state/checkpointed-function.js'
import { StreamRecord } from '../../common/stream-element.js'
import type { RecordWriter } from '../../network/record-writer.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type {
  OneInputStreamOperator,
  Output,
  StreamOperator,
} from '../operators/stream-operator.js'
import type { IndexRangeOutput, ReaderOutput } from '../../../api/connector/source/source.js'

/** One node of the chain as the compiler sees it. */
export interface ChainMember {
  readonly node: StreamNode
  /** Index in the chain; the value `stage` takes while this member runs. */
  readonly stage: number
  /** For fused members: the user function. */
  readonly fusedFunction: unknown
  /** For operator members. */
  readonly operator: StreamOperator | undefined
  /** For fused keyed members: the key and the backend to set it on. */
  readonly keySelector: KeyExtractor | undefined
  readonly keyedStateBackend: KeyedStateBackend | undefined
  /**
   * For a keyed head: every input is hash-partitioned by this very key selector, so the key group
   * a network record carries is the one this member's backend would compute.
   */
  readonly trustsInputKeyGroup?: boolean
  readonly chained: { readonly edge: StreamEdge; readonly target: ChainMember }[]
  readonly writers: { readonly edge: StreamEdge; readonly writer: RecordWriter }[]
}

export interface CompiledChain {
  /** The Output of each operator member, by node id. */
  readonly outputs: Readonly<Record<number, Output>>
  /** The entry of a fused head (undefined when the head is an operator). */
  readonly head:
    | Pick<OneInputStreamOperator, 'processElement' | 'processWatermark' | 'processWatermarkStatus'>
    | undefined
  /** For a source head: a reader output that runs the chain directly (no timestamp assigner). */
  readonly readerOutput: (ReaderOutput<unknown> & IndexRangeOutput<unknown>) | undefined
  getStage(): number
  setStage(stage: number): void
  /** The generated source, for debugging. */
  readonly source: string
}

/** Kinds fused into generated code instead of running as operator objects. */
export function isFusable(node: StreamNode): boolean {
  const spec = node.operator
  if (spec.kind !== 'map' && spec.kind !== 'filter' && spec.kind !== 'flatMap') return false
  // A function that takes part in checkpoints runs in its operator, which calls it at barriers.
  return !takesPartInCheckpoints(spec.fn)
}

function declaredTypeCheck(type: TypeInformation<unknown>): (value: unknown) => void {
  // Generated: a shared isInstance walks the fields through calls that see every type.
  const isInstance = generateInstanceCheck(type) ?? ((value: unknown) => type.isInstance(value))
  return (value) => {
    if (isInstance(value)) return
    const problem = type.validate(value)
    if (problem !== undefined) {
      throw new SerializationError(`Cannot serialize value as ${type.toString()}: ${problem}`, {
        code: 'serialization.type-mismatch',
        context: { type: type.toString() },
      })
    }
  }
}

/**
 * With `objectReuse` off (Flink's default), a record handed to several chained operators is
 * copied for all but the last, so a mutation in one branch cannot reach another.
 */
export function compileChain(members: readonly ChainMember[], objectReuse = false): CompiledChain {
  return new ChainCompiler(members, objectReuse).compile()
}

class ChainCompiler {
  private readonly members: readonly ChainMember[]
  private readonly w = new CodeWriter()
  /** Parameter names of each member's runtime values. */
  private readonly names = new Map<
    ChainMember,
    { fn: string; op: string; rec: string; ks: string; kb: string }
  >()
  private readonly writerNames = new Map<RecordWriter, string>()

  private readonly objectReuse: boolean
  /** Parameter names of the copy functions: by declared type, '' for undeclared records. */
  private readonly copyFns = new Map<TypeInformation<unknown> | '', string>()

  constructor(members: readonly ChainMember[], objectReuse: boolean) {
    this.members = members
    this.objectReuse = objectReuse
  }

  /**
   * The values to hand each of `count` chained targets: copies but for the last. A declared type
   * copies through code generated for it, as Flink copies through the type's serializer (a
   * fifth of the generic copy's cost on a Nexmark event); `v` must have passed its check.
   */
  private branchValues(
    v: string,
    count: number,
    type: TypeInformation<unknown> | undefined,
  ): string[] {
    if (this.objectReuse || count < 2) return Array.from({ length: count }, () => v)
    let copyFn = this.copyFns.get(type ?? '')
    if (copyFn === undefined) {
      copyFn =
        type === undefined
          ? this.w.param('copyRecord', copyRecord)
          : this.w.param('copyAs', generateCopy(type))
      this.copyFns.set(type ?? '', copyFn)
    }
    return Array.from({ length: count }, (_, i) => {
      if (i === count - 1) return v
      const name = this.w.id('copy')
      this.w.line(`const ${name} = ${copyFn}(${v})`)
      return name
    })
  }

  compile(): CompiledChain {
    const w = this.w
    for (const m of this.members) {
      this.names.set(m, {
        fn: m.fusedFunction === undefined ? '' : w.param('fn', m.fusedFunction),
        op: m.operator === undefined ? '' : w.param('op', m.operator),
        rec: m.operator === undefined ? '' : w.param('rec', new StreamRecord<unknown>(undefined)),
        ks: m.keySelector === undefined ? '' : w.param('ks', m.keySelector),
        kb: m.keyedStateBackend === undefined ? '' : w.param('kb', m.keyedStateBackend),
      })
      for (const { writer } of m.writers) this.writerNames.set(writer, w.param('writer', writer))
    }
    w.line('let stage = 0')
    for (const m of this.members) {
      if (m.operator === undefined && m.node.operator.kind === 'flatMap') this.emitCollector(m)
    }
    const outputNames: string[] = []
    for (const m of this.members) {
      if (m.operator !== undefined) outputNames.push(`${m.node.id}: ${this.emitOutput(m)}`)
    }
    const head = this.members[0]!
    const headName = head.operator === undefined ? this.emitHeadEntry(head) : 'undefined'
    const readerName =
      head.node.operator.kind === 'source' ? this.emitReaderOutput(head) : 'undefined'
    w.line(
      `return { outputs: { ${outputNames.join(', ')} }, head: ${headName}, readerOutput: ${readerName},`,
    )
    w.line('  getStage: () => stage, setStage: (s) => { stage = s } }')
    const compiled = w.compile<Omit<CompiledChain, 'source'>>()
    return { ...compiled, source: w.source() }
  }

  private name(m: ChainMember): { fn: string; op: string; rec: string; ks: string; kb: string } {
    return this.names.get(m)!
  }

  /** Code that hands value `v` with timestamp `ts` to member `m`. */
  private deliver(m: ChainMember, v: string, ts: string): void {
    const w = this.w
    const n = this.name(m)
    w.line(`stage = ${m.stage}`)
    if (m.node.operator.kind === 'sink') {
      // Straight to the sink writer, skipping the StreamRecord hand-over.
      w.line(`${n.op}.writeElement(${v}, ${ts})`)
      return
    }
    if (m.operator !== undefined) {
      w.line(`${n.rec}.value = ${v}`)
      w.line(`${n.rec}.timestamp = ${ts}`)
      w.line(`${n.op}.processElement(${n.rec})`)
      return
    }
    if (m.keySelector !== undefined) {
      if (m === this.members[0] && m.trustsInputKeyGroup === true) {
        w.line(
          `if (record.keyGroup >= 0) ${n.kb}.setCurrentKeyInKeyGroup(${n.ks}(${v}), record.keyGroup)`,
        )
        w.line(`else ${n.kb}.setCurrentKey(${n.ks}(${v}))`)
      } else {
        w.line(`${n.kb}.setCurrentKey(${n.ks}(${v}))`)
      }
    }
    const fnIsFunction = typeof m.fusedFunction === 'function'
    const call = (method: string, args: string): string =>
      fnIsFunction ? `${n.fn}(${args})` : `${n.fn}.${method}(${args})`
    switch (m.node.operator.kind) {
      case 'map': {
        const out = `v${m.stage}`
        w.line(`const ${out} = ${call('map', v)}`)
        this.deliverMain(m, out, ts)
        return
      }
      case 'filter':
        w.block(`if (${call('filter', v)}) {`, () => this.deliverMain(m, v, ts))
        return
      case 'flatMap':
        w.line(`ts${m.stage} = ${ts}`)
        if (fnIsFunction) {
          // A lambda may return an iterable instead of collecting (see FlatMapFunction).
          w.line(`const r${m.stage} = ${call('flatMap', `${v}, coll${m.stage}`)}`)
          w.line(
            `if (r${m.stage} !== undefined) for (const x of r${m.stage}) coll${m.stage}.collect(x)`,
          )
        } else {
          w.line(call('flatMap', `${v}, coll${m.stage}`))
        }
        return
      default:
        throw new Error(`Operator kind ${m.node.operator.kind} is not fusable`)
    }
  }

  /**
   * A chained edge with a declared type checks each record against it, as Flink's chained
   * outputs copy records through the type's serializer (object reuse off): a record that does not
   * match fails here, not only where it crosses the network.
   */
  private checkDeclaredType(type: TypeInformation<unknown> | undefined, v: string): void {
    if (type === undefined) return
    this.w.line(`${this.w.param('check', declaredTypeCheck(type))}(${v})`)
  }

  /**
   * Code that hands `v` to chained targets. When their edges declare one type, `v` is checked
   * once, before it is copied: the copies, taken before any target runs, are instances too.
   */
  private deliverChained(
    chained: readonly { readonly edge: StreamEdge; readonly target: ChainMember }[],
    v: string,
    ts: string,
  ): void {
    const type = chained[0]?.edge.recordType
    const shared = type !== undefined && chained.every((c) => c.edge.recordType === type)
    if (shared) this.checkDeclaredType(type, v)
    const values = this.branchValues(v, chained.length, shared ? type : undefined)
    chained.forEach(({ edge, target }, i) => {
      if (!shared) this.checkDeclaredType(edge.recordType, values[i]!)
      this.deliver(target, values[i]!, ts)
    })
  }

  /** Code that hands `v` to every main (untagged) output of `m`. */
  private deliverMain(m: ChainMember, v: string, ts: string): void {
    this.deliverChained(
      m.chained.filter((c) => c.edge.outputTag === undefined),
      v,
      ts,
    )
    for (const { edge, writer } of m.writers) {
      if (edge.outputTag === undefined)
        this.w.line(`${this.writerNames.get(writer)!}.emit(${v}, ${ts})`)
    }
  }

  /** Code that hands `v` to every output of `m` tagged `tagId`. */
  private deliverSide(m: ChainMember, tagId: string, v: string, ts: string): void {
    this.deliverChained(
      m.chained.filter((c) => c.edge.outputTag?.id === tagId),
      v,
      ts,
    )
    for (const { edge, writer } of m.writers) {
      if (edge.outputTag?.id === tagId)
        this.w.line(`${this.writerNames.get(writer)!}.emit(${v}, ${ts})`)
    }
  }

  /** Code that hands watermark `wm` to member `m`. */
  private deliverWatermark(m: ChainMember, wm: string): void {
    if (m.operator !== undefined) {
      this.w.line(`stage = ${m.stage}`)
      this.w.line(`${this.name(m).op}.processWatermark(${wm})`)
      return
    }
    this.forwardWatermark(m, wm)
  }

  /** Watermarks go to every output, side outputs included. */
  private forwardWatermark(m: ChainMember, wm: string): void {
    for (const { target } of m.chained) this.deliverWatermark(target, wm)
    for (const { writer } of m.writers)
      this.w.line(`${this.writerNames.get(writer)!}.broadcastWatermark(${wm})`)
  }

  /** Code that hands a WatermarkStatus change (`idle`, a boolean) to member `m`. */
  private deliverWatermarkStatus(m: ChainMember, idle: string): void {
    if (m.operator !== undefined) {
      this.w.line(`stage = ${m.stage}`)
      this.w.line(`${this.name(m).op}.processWatermarkStatus(${idle})`)
      return
    }
    this.forwardWatermarkStatus(m, idle)
  }

  private forwardWatermarkStatus(m: ChainMember, idle: string): void {
    for (const { target } of m.chained) this.deliverWatermarkStatus(target, idle)
    for (const { writer } of m.writers)
      this.w.line(`${this.writerNames.get(writer)!}.broadcastWatermarkStatus(${idle})`)
  }

  private emitCollector(m: ChainMember): void {
    const w = this.w
    w.line(`let ts${m.stage} = NaN`)
    w.block(
      `const coll${m.stage} = {`,
      () => {
        w.block('collect(value) {', () => {
          this.deliverMain(m, 'value', `ts${m.stage}`)
          w.line(`stage = ${m.stage}`)
        })
      },
      '}',
    )
  }

  private emitOutput(m: ChainMember): string {
    const w = this.w
    const name = `out${m.stage}`
    const tags = [
      ...new Set(
        [...m.chained, ...m.writers]
          .map((o) => o.edge.outputTag?.id)
          .filter((t) => t !== undefined),
      ),
    ]
    w.block(
      `const ${name} = {`,
      () => {
        w.block(
          'collect(record) {',
          () => {
            w.line('const v = record.value')
            w.line('const ts = record.timestamp')
            this.deliverMain(m, 'v', 'ts')
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
        w.block(
          'collectSide(tag, record) {',
          () => {
            w.line('const v = record.value')
            w.line('const ts = record.timestamp')
            w.line('const id = tag.id')
            for (const tag of tags) {
              w.block(`if (id === ${CodeWriter.literal(tag)}) {`, () =>
                this.deliverSide(m, tag, 'v', 'ts'),
              )
            }
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
        w.block(
          'emitWatermark(wm) {',
          () => {
            this.forwardWatermark(m, 'wm')
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
        w.block(
          'emitWatermarkStatus(idle) {',
          () => {
            this.forwardWatermarkStatus(m, 'idle')
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
      },
      '}',
    )
    return name
  }

  /**
   * The source's reader output with the chain inlined; `collectRange` runs a whole index range
   * as one loop, so the source, the fused operators and the sink become one generated loop.
   */
  private emitReaderOutput(m: ChainMember): string {
    const w = this.w
    w.block(
      'const readerOut = {',
      () => {
        w.block(
          'collect(value, timestamp) {',
          () => {
            w.line('const ts = timestamp === undefined ? NaN : timestamp')
            this.deliverMain(m, 'value', 'ts')
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
        w.block(
          'collectRange(mapIndex, from, to) {',
          () => {
            w.block('for (let i = from; i <= to; i++) {', () => {
              w.line('const value = mapIndex(i)')
              this.deliverMain(m, 'value', 'NaN')
            })
            w.line(`stage = ${m.stage}`)
          },
          '},',
        )
        // Records pass as they are, so every split shares this output.
        w.line('createOutputForSplit() { return readerOut },')
        w.line('releaseOutputForSplit() {},')
      },
      '}',
    )
    return 'readerOut'
  }

  private emitHeadEntry(m: ChainMember): string {
    const w = this.w
    w.block(
      'const headEntry = {',
      () => {
        w.block(
          'processElement(record) {',
          () => {
            w.line('const v = record.value')
            w.line('const ts = record.timestamp')
            this.deliver(m, 'v', 'ts')
          },
          '},',
        )
        w.block('processWatermark(wm) {', () => this.deliverWatermark(m, 'wm'), '},')
        w.block(
          'processWatermarkStatus(idle) {',
          () => this.deliverWatermarkStatus(m, 'idle'),
          '},',
        )
      },
      '}',
    )
    return 'headEntry'
  }
}
