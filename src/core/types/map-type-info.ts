// A JS Map whose keys share one type and values another. Serialized as a varint size and the
// entries in iteration order, so a round trip keeps the order.
// Flink: org.apache.flink.api.java.typeutils.MapTypeInfo.
import { generateSerializer } from './serializer-generator.js'
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { indexPath, keyInPath, mismatch } from './value-description.js'

/** @public */
export class MapTypeInfo<K, V> implements TypeInformation<Map<K, V>> {
  declare readonly __type?: Map<K, V>
  readonly keyType: TypeInformation<K>
  readonly valueType: TypeInformation<V>
  private serializer: TypeSerializer<Map<K, V>> | undefined

  constructor(keyType: TypeInformation<K>, valueType: TypeInformation<V>) {
    this.keyType = keyType
    this.valueType = valueType
  }

  createSerializer(): TypeSerializer<Map<K, V>> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: 'MAP', key: this.keyType.toDescriptor(), value: this.valueType.toDescriptor() }
  }

  /** A bad key is reported at `m[key #i]` (its position), a bad value at `m["the key"]`. */
  validate(value: unknown, path = ''): string | undefined {
    if (!(value instanceof Map)) return mismatch(path, this.toString(), value)
    let i = 0
    for (const [k, v] of value) {
      const keyProblem = this.keyType.validate(k, indexPath(path, `key #${i}`))
      if (keyProblem !== undefined) return keyProblem
      const valueProblem = this.valueType.validate(v, indexPath(path, keyInPath(k)))
      if (valueProblem !== undefined) return valueProblem
      i++
    }
    return undefined
  }

  isInstance(value: unknown): value is Map<K, V> {
    if (!(value instanceof Map)) return false
    for (const [k, v] of value) {
      if (!this.keyType.isInstance(k) || !this.valueType.isInstance(v)) return false
    }
    return true
  }

  toString(): string {
    return `MAP<${this.keyType}, ${this.valueType}>`
  }
}
