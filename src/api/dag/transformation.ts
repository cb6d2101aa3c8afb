// The logical plan a program builds: each DataStream call adds a Transformation, and `execute()`
// hands the sinks' transformations to the executor. Pure data plus the user's functions; ids are
// assigned in creation order per environment and must be the same on every replay of a program.
// Flink: org.apache.flink.api.dag.Transformation and streaming.api.transformations.*.
import type { TypeInformation } from '../../core/types/type-information.js'
import type { OutputTag } from '../output-tag.js'
import type { WatermarkStrategy } from '../eventtime/watermark-strategy.js'
import type {
  OneInputOperatorSpec,
  SourceOperatorSpec,
  TwoInputOperatorSpec,
} from './operator-spec.js'
import type { PartitionerSpec } from './partitioner-spec.js'

/** Flink's ChainingStrategy: may the operator chain to its predecessor (ALWAYS) or not. */
export type ChainingStrategy = 'ALWAYS' | 'HEAD' | 'NEVER'

export type KeyExtractor = (value: unknown) => unknown

interface TransformationFields {
  readonly id: number
  name: string
  /** Descriptions shown in plans; the name by default. */
  description: string | undefined
  uid: string | undefined
  /** -1 means the environment's default. */
  parallelism: number
  maxParallelism: number
  slotSharingGroup: string | undefined
  chainingStrategy: ChainingStrategy
  outputType: TypeInformation<unknown> | undefined
}

abstract class BaseTransformation implements TransformationFields {
  readonly id: number
  name: string
  description: string | undefined = undefined
  uid: string | undefined = undefined
  parallelism: number
  maxParallelism = -1
  slotSharingGroup: string | undefined = undefined
  chainingStrategy: ChainingStrategy = 'ALWAYS'
  outputType: TypeInformation<unknown> | undefined = undefined

  constructor(id: number, name: string, parallelism: number) {
    this.id = id
    this.name = name
    this.parallelism = parallelism
  }
}

export class SourceTransformation extends BaseTransformation {
  readonly kind = 'source' as const
  readonly operator: SourceOperatorSpec
  watermarkStrategy: WatermarkStrategy<unknown> | undefined = undefined
  constructor(id: number, name: string, parallelism: number, operator: SourceOperatorSpec) {
    super(id, name, parallelism)
    this.operator = operator
    this.chainingStrategy = 'HEAD'
  }
}

export class OneInputTransformation extends BaseTransformation {
  readonly kind = 'oneInput' as const
  readonly input: Transformation
  readonly operator: OneInputOperatorSpec
  /** Set when the operator runs on a keyed stream: keyed state and timers use this key. */
  stateKeySelector: KeyExtractor | undefined = undefined
  constructor(
    id: number,
    name: string,
    parallelism: number,
    input: Transformation,
    operator: OneInputOperatorSpec,
  ) {
    super(id, name, parallelism)
    this.input = input
    this.operator = operator
  }
}

export class TwoInputTransformation extends BaseTransformation {
  readonly kind = 'twoInput' as const
  readonly input1: Transformation
  readonly input2: Transformation
  readonly operator: TwoInputOperatorSpec
  stateKeySelector1: KeyExtractor | undefined = undefined
  stateKeySelector2: KeyExtractor | undefined = undefined
  constructor(
    id: number,
    name: string,
    parallelism: number,
    input1: Transformation,
    input2: Transformation,
    operator: TwoInputOperatorSpec,
  ) {
    super(id, name, parallelism)
    this.input1 = input1
    this.input2 = input2
    this.operator = operator
  }
}

/** A virtual node: changes how records reach the next operator, not what they are. */
export class PartitionTransformation extends BaseTransformation {
  readonly kind = 'partition' as const
  readonly input: Transformation
  readonly partitioner: PartitionerSpec
  constructor(id: number, input: Transformation, partitioner: PartitionerSpec) {
    super(id, 'Partition', input.parallelism)
    this.input = input
    this.partitioner = partitioner
    this.outputType = input.outputType
  }
}

/** A virtual node: the records of several streams of the same type. */
export class UnionTransformation extends BaseTransformation {
  readonly kind = 'union' as const
  readonly inputs: readonly Transformation[]
  constructor(id: number, inputs: readonly Transformation[]) {
    super(id, 'Union', inputs[0]?.parallelism ?? -1)
    this.inputs = inputs
    this.outputType = inputs[0]?.outputType
  }
}

/** A virtual node: the records an operator emitted to a side output. */
export class SideOutputTransformation extends BaseTransformation {
  readonly kind = 'sideOutput' as const
  readonly input: Transformation
  readonly tag: OutputTag<unknown>
  constructor(id: number, input: Transformation, tag: OutputTag<unknown>) {
    super(id, 'SideOutput', input.parallelism)
    this.input = input
    this.tag = tag
    this.outputType = tag.type
  }
}

export class SinkTransformation extends BaseTransformation {
  readonly kind = 'sink' as const
  readonly input: Transformation
  readonly operator: OneInputOperatorSpec & { readonly kind: 'sink' }
  stateKeySelector: KeyExtractor | undefined = undefined
  constructor(
    id: number,
    name: string,
    parallelism: number,
    input: Transformation,
    operator: OneInputOperatorSpec & { readonly kind: 'sink' },
  ) {
    super(id, name, parallelism)
    this.input = input
    this.operator = operator
  }
}

export type Transformation =
  | SourceTransformation
  | OneInputTransformation
  | TwoInputTransformation
  | PartitionTransformation
  | UnionTransformation
  | SideOutputTransformation
  | SinkTransformation

/** The direct inputs of a transformation. */
export function inputsOf(t: Transformation): readonly Transformation[] {
  switch (t.kind) {
    case 'source':
      return []
    case 'oneInput':
    case 'partition':
    case 'sideOutput':
    case 'sink':
      return [t.input]
    case 'twoInput':
      return [t.input1, t.input2]
    case 'union':
      return t.inputs
  }
}
