// What a snapshot records about one keyed state besides its entries: name, kind and the types its
// values are written with, so a restore can read them with the stored schema and check the schema
// the operator declares now against it. Immutable.
// Flink: RegisteredKeyValueStateBackendMetaInfo and its StateMetaInfoSnapshot.
import type { StateKind } from '../../../api/state/state-descriptor.js'
import type { StateDescriptorLike } from '../../../api/state/keyed-state-store.js'
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type { TypeInformation } from '../../../core/types/type-information.js'
import { readSchema, schemaOf } from './type-schema.js'

const KINDS: ReadonlySet<string> = new Set<StateKind>([
  'value',
  'list',
  'map',
  'reducing',
  'aggregating',
])

/** The types a descriptor may carry, by kind; an absent one means "not declared". */
interface DeclaredTypes {
  readonly type?: TypeInformation<unknown> | undefined
  readonly elementType?: TypeInformation<unknown> | undefined
  readonly keyType?: TypeInformation<unknown> | undefined
  readonly valueType?: TypeInformation<unknown> | undefined
  readonly accumulatorType?: TypeInformation<unknown> | undefined
}

export class KeyedStateMetaInfo {
  readonly name: string
  readonly kind: StateKind
  /**
   * The type of what is stored per (key, namespace): of each element for list state, of each user
   * value for map state, of the accumulator for aggregating state. GENERIC when not declared.
   */
  readonly valueType: TypeInformation<unknown>
  /** Map state: the type of the user keys (GENERIC when not declared); otherwise undefined. */
  readonly userKeyType: TypeInformation<unknown> | undefined

  constructor(
    name: string,
    kind: StateKind,
    valueType: TypeInformation<unknown>,
    userKeyType: TypeInformation<unknown> | undefined,
  ) {
    this.name = name
    this.kind = kind
    this.valueType = valueType
    this.userKeyType = userKeyType
  }

  /** The meta info of the state a descriptor registers. */
  static of(descriptor: StateDescriptorLike): KeyedStateMetaInfo {
    const d = descriptor as StateDescriptorLike & DeclaredTypes
    const generic = GenericTypeInfo.INSTANCE
    switch (d.kind) {
      case 'value':
      case 'reducing':
        return new KeyedStateMetaInfo(d.name, d.kind, d.type ?? generic, undefined)
      case 'list':
        return new KeyedStateMetaInfo(d.name, d.kind, d.elementType ?? generic, undefined)
      case 'map':
        return new KeyedStateMetaInfo(d.name, d.kind, d.valueType ?? generic, d.keyType ?? generic)
      case 'aggregating':
        return new KeyedStateMetaInfo(d.name, d.kind, d.accumulatorType ?? generic, undefined)
    }
  }

  /** Whether `other` writes its values with the same schema (name aside). */
  hasSameSchema(other: KeyedStateMetaInfo): boolean {
    return (
      this.kind === other.kind &&
      schemaOf(this.valueType) === schemaOf(other.valueType) &&
      (this.userKeyType === undefined) === (other.userKeyType === undefined) &&
      (this.userKeyType === undefined ||
        schemaOf(this.userKeyType) === schemaOf(other.userKeyType!))
    )
  }
}

/** Name, kind, value schema (its TypeDescriptor as JSON) and, for map state, the key schema. */
export function writeKeyedStateMetaInfo(meta: KeyedStateMetaInfo, out: DataOutputSerializer): void {
  out.writeString(meta.name)
  out.writeString(meta.kind)
  out.writeString(schemaOf(meta.valueType))
  if (meta.kind === 'map') out.writeString(schemaOf(meta.userKeyType ?? GenericTypeInfo.INSTANCE))
}

/**
 * Reads what writeKeyedStateMetaInfo wrote and rebuilds the stored types. Throws
 * SerializationError for bytes or schemas that do not decode.
 */
export function readKeyedStateMetaInfo(input: DataInputDeserializer): KeyedStateMetaInfo {
  const name = input.readString()
  const kind = input.readString()
  if (!KINDS.has(kind)) throw input.corrupt(`unknown state kind ${JSON.stringify(kind)}`)
  const valueType = readSchema(input)
  const userKeyType = kind === 'map' ? readSchema(input) : undefined
  return new KeyedStateMetaInfo(name, kind as StateKind, valueType, userKeyType)
}
