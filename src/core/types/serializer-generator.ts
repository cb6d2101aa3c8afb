// Generates one specialised serialize/deserialize pair per described type: composites inline
// their fields, each field's JS type is checked on the fast path, and a failed check re-walks
// the value with `validate` (slow path) to name the field. One cohesive emitter, by kind.
// Flink: the table planner's generated serializers (CodeGenUtils); shape follows zod v4.
import { CodeWriter } from '../code-writer.js'
import { copyRecord } from '../deep-copy.js'
import { SerializationError } from '../errors.js'
import type { DataInputDeserializer } from '../memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../memory/data-output-serializer.js'
import { GenericTypeInfo } from './generic-type-info.js'
import type { BasicTypeKind, TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'

/** The fixed names the generated functions use; generated ids always end in a digit. */
const VALUE = 'v'
const OUT = 'out'
const START = 'start'
const INPUT = 'inp'

const BASIC_CODECS: Readonly<Record<BasicTypeKind, { write: string; read: string }>> = {
  STRING: { write: 'writeString', read: 'readString' },
  BOOLEAN: { write: 'writeBoolean', read: 'readBoolean' },
  BYTE: { write: 'writeInt8', read: 'readInt8' },
  SHORT: { write: 'writeInt16', read: 'readInt16' },
  INT: { write: 'writeInt32', read: 'readInt32' },
  LONG: { write: 'writeInt64', read: 'readInt64' },
  FLOAT: { write: 'writeFloat32', read: 'readFloat32' },
  DOUBLE: { write: 'writeFloat64', read: 'readFloat64' },
  BIGINT: { write: 'writeBigInt64', read: 'readBigInt64' },
}

/**
 * Compiles the serializer for `type`. Called once per TypeInformation (they cache the result).
 * The generated source is kept on the serializer's `source` property for debugging.
 */
export function generateSerializer<T>(type: TypeInformation<T>): TypeSerializer<T> {
  const w = new CodeWriter()
  const emitter = new Emitter(w, w.param('fail', failFor(type)))
  const descriptor = type.toDescriptor()
  w.block(`function serialize(${VALUE}, ${OUT}) {`, () => {
    w.line(`// ${String(type).replaceAll('\n', ' ')}`)
    w.line(`const ${START} = ${OUT}.position`)
    emitter.write(descriptor, VALUE)
  })
  w.block(`function deserialize(${INPUT}) {`, () => {
    w.line(`return ${emitter.read(descriptor)}`)
  })
  w.line('return { serialize, deserialize }')
  const compiled = w.compile<Pick<TypeSerializer<T>, 'serialize' | 'deserialize'>>()
  return new GeneratedTypeSerializer(type, compiled, w.source())
}

/**
 * Compiles `type.isInstance` into one function with every check inlined (the checks the
 * serializer's fast path makes); undefined when the type holds a list, map or generic part, whose
 * own `isInstance` is then used.
 */
export function generateInstanceCheck(
  type: TypeInformation<unknown>,
): ((value: unknown) => boolean) | undefined {
  const w = new CodeWriter()
  const expression = new Emitter(w, '').instanceCheck(type.toDescriptor(), VALUE)
  if (expression === undefined) return undefined
  w.block(`function isInstance(${VALUE}) {`, () => w.line(`return ${expression}`))
  w.line('return isInstance')
  return w.compile<(value: unknown) => boolean>()
}

/**
 * Compiles a copy of values of `type`, as its serializer would make one (Flink's
 * TypeSerializer.copy): a new plain object of the declared fields per ROW, a new array per TUPLE
 * and LIST, a new Map per MAP, primitives as they are, and `copyRecord` for GENERIC parts. Fields
 * the type does not declare are left out, as they are when the value crosses the network. A value
 * holding a ROW that is not a plain object (a class instance) is copied whole by `copyRecord`
 * instead, keeping its classes. The value must be an instance of the type (check it first): the
 * copy does not check.
 */
export function generateCopy<T>(type: TypeInformation<T>): (value: T) => T {
  const w = new CodeWriter()
  const emitter = new Emitter(w, '')
  w.block(`function copy(${VALUE}) {`, () => {
    w.line(`return ${emitter.copy(type.toDescriptor(), VALUE)}`)
  })
  w.line('return copy')
  return w.compile<(value: T) => T>()
}

class GeneratedTypeSerializer<T> implements TypeSerializer<T> {
  readonly type: TypeInformation<T>
  readonly serialize: (value: T, out: DataOutputSerializer) => void
  readonly deserialize: (input: DataInputDeserializer) => T
  /** The generated JavaScript, for debugging. */
  readonly source: string

  constructor(
    type: TypeInformation<T>,
    compiled: Pick<TypeSerializer<T>, 'serialize' | 'deserialize'>,
    source: string,
  ) {
    this.type = type
    this.serialize = compiled.serialize
    this.deserialize = compiled.deserialize
    this.source = source
  }
}

/** Emits the code for one descriptor node; composites recurse into their children. */
class Emitter {
  private readonly w: CodeWriter
  private readonly fail: string
  private generic: string | undefined
  private copyGeneric: string | undefined
  private plainPrototype: string | undefined
  private int64Bounds: { min: string; max: string } | undefined

  constructor(w: CodeWriter, fail: string) {
    this.w = w
    this.fail = fail
  }

  /** The statement that rejects the whole value (the slow path finds the field). */
  private failCall(cause?: string): string {
    return `${this.fail}(${VALUE}, ${OUT}, ${START}${cause === undefined ? '' : `, ${cause}`})`
  }

  /**
   * An expression that is true iff `x` is a value of `d` (as TypeInformation.isInstance);
   * undefined for descriptors with a list, map or generic part.
   */
  instanceCheck(d: TypeDescriptor, x: string): string | undefined {
    switch (d.kind) {
      case 'ROW': {
        const parts = [`typeof ${x} === 'object'`, `${x} !== null`]
        for (const field of d.fields) {
          const check = this.instanceCheck(field.type, `${x}[${CodeWriter.literal(field.name)}]`)
          if (check === undefined) return undefined
          parts.push(`(${check})`)
        }
        return parts.join(' && ')
      }
      case 'TUPLE': {
        const parts = [`Array.isArray(${x})`, `${x}.length === ${d.elements.length}`]
        for (let i = 0; i < d.elements.length; i++) {
          const check = this.instanceCheck(d.elements[i]!, `${x}[${i}]`)
          if (check === undefined) return undefined
          parts.push(`(${check})`)
        }
        return parts.join(' && ')
      }
      case 'NULLABLE': {
        const check = this.instanceCheck(d.type, x)
        return check === undefined ? undefined : `${x} === null || (${check})`
      }
      case 'LIST':
      case 'MAP':
      case 'GENERIC':
        return undefined
      default:
        return this.check(d.kind, x)
    }
  }

  /** Emits statements that check `x` against `d` and write it to OUT. */
  write(d: TypeDescriptor, x: string): void {
    const w = this.w
    switch (d.kind) {
      case 'ROW':
        w.line(`if (typeof ${x} !== 'object' || ${x} === null) ${this.failCall()}`)
        for (const field of d.fields) {
          const f = w.id('f')
          w.line(`const ${f} = ${x}[${CodeWriter.literal(field.name)}]`)
          this.write(field.type, f)
        }
        return
      case 'TUPLE':
        w.line(
          `if (!Array.isArray(${x}) || ${x}.length !== ${d.elements.length}) ${this.failCall()}`,
        )
        d.elements.forEach((element, i) => {
          const e = w.id('e')
          w.line(`const ${e} = ${x}[${i}]`)
          this.write(element, e)
        })
        return
      case 'LIST': {
        const n = w.id('n')
        const i = w.id('i')
        const e = w.id('e')
        w.line(`if (!Array.isArray(${x})) ${this.failCall()}`)
        w.line(`const ${n} = ${x}.length`)
        w.line(`${OUT}.writeVarUint(${n})`)
        w.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, () => {
          w.line(`const ${e} = ${x}[${i}]`)
          this.write(d.element, e)
        })
        return
      }
      case 'MAP': {
        const k = w.id('k')
        const mv = w.id('mv')
        w.line(`if (!(${x} instanceof Map)) ${this.failCall()}`)
        w.line(`${OUT}.writeVarUint(${x}.size)`)
        // keys() + get() rather than entries(): no [key, value] array per entry.
        w.block(`for (const ${k} of ${x}.keys()) {`, () => {
          this.write(d.key, k)
          w.line(`const ${mv} = ${x}.get(${k})`)
          this.write(d.value, mv)
        })
        return
      }
      case 'NULLABLE':
        w.line(`if (${x} === null) ${OUT}.writeByte(0)`)
        w.block('else {', () => {
          w.line(`${OUT}.writeByte(1)`)
          this.write(d.type, x)
        })
        return
      case 'GENERIC': {
        const error = w.id('error')
        w.block('try {', () => w.line(`${this.genericSerializer()}.serialize(${x}, ${OUT})`))
        w.block(`catch (${error}) {`, () => w.line(this.failCall(error)))
        return
      }
      default:
        w.line(`if (!(${this.check(d.kind, x)})) ${this.failCall()}`)
        w.line(`${OUT}.${BASIC_CODECS[d.kind].write}(${x})`)
    }
  }

  /** Emits statements that read a `d` from INPUT, and returns the identifier holding it. */
  read(d: TypeDescriptor): string {
    const w = this.w
    const r = w.id('r')
    switch (d.kind) {
      case 'ROW': {
        const values = d.fields.map((field) => this.read(field.type))
        const props = d.fields.map((field, i) => `${CodeWriter.literal(field.name)}: ${values[i]}`)
        w.line(`const ${r} = { ${props.join(', ')} }`)
        return r
      }
      case 'TUPLE': {
        const values = d.elements.map((element) => this.read(element))
        w.line(`const ${r} = [${values.join(', ')}]`)
        return r
      }
      case 'LIST': {
        const n = w.id('n')
        const i = w.id('i')
        w.line(`const ${n} = ${INPUT}.readVarUint()`)
        w.line(`const ${r} = []`)
        w.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, () => {
          w.line(`${r}.push(${this.read(d.element)})`)
        })
        return r
      }
      case 'MAP': {
        const n = w.id('n')
        const i = w.id('i')
        w.line(`const ${n} = ${INPUT}.readVarUint()`)
        w.line(`const ${r} = new Map()`)
        w.block(`for (let ${i} = 0; ${i} < ${n}; ${i}++) {`, () => {
          const k = this.read(d.key)
          w.line(`${r}.set(${k}, ${this.read(d.value)})`)
        })
        return r
      }
      case 'NULLABLE': {
        const flag = w.id('flag')
        const message = CodeWriter.literal('a NULLABLE flag that is neither 0 nor 1')
        w.line(`let ${r} = null`)
        w.line(`const ${flag} = ${INPUT}.readByte()`)
        w.block(`if (${flag} === 1) {`, () => w.line(`${r} = ${this.read(d.type)}`))
        w.line(`else if (${flag} !== 0) throw ${INPUT}.corrupt(${message})`)
        return r
      }
      case 'GENERIC':
        w.line(`const ${r} = ${this.genericSerializer()}.deserialize(${INPUT})`)
        return r
      default:
        w.line(`const ${r} = ${INPUT}.${BASIC_CODECS[d.kind].read}()`)
        return r
    }
  }

  /** Emits statements that copy `x`, a `d`, and returns the expression holding the copy. */
  copy(d: TypeDescriptor, x: string): string {
    const w = this.w
    const r = w.id('c')
    switch (d.kind) {
      case 'ROW': {
        // A class instance keeps its class (and a null-prototype object its null prototype):
        // those are copied whole by copyRecord, as they are without a declared type.
        w.line(
          `if (Object.getPrototypeOf(${x}) !== ${this.objectPrototype()}) return ${this.copyRecordFn()}(${VALUE})`,
        )
        const values = d.fields.map((field) => {
          const f = w.id('f')
          w.line(`const ${f} = ${x}[${CodeWriter.literal(field.name)}]`)
          return this.copy(field.type, f)
        })
        const props = d.fields.map((field, i) => `${CodeWriter.literal(field.name)}: ${values[i]}`)
        w.line(`const ${r} = { ${props.join(', ')} }`)
        return r
      }
      case 'TUPLE': {
        const values = d.elements.map((element, i) => {
          const e = w.id('e')
          w.line(`const ${e} = ${x}[${i}]`)
          return this.copy(element, e)
        })
        w.line(`const ${r} = [${values.join(', ')}]`)
        return r
      }
      case 'LIST': {
        const i = w.id('i')
        w.line(`const ${r} = []`)
        w.block(`for (let ${i} = 0; ${i} < ${x}.length; ${i}++) {`, () => {
          const e = w.id('e')
          w.line(`const ${e} = ${x}[${i}]`)
          w.line(`${r}.push(${this.copy(d.element, e)})`)
        })
        return r
      }
      case 'MAP': {
        const k = w.id('k')
        const mv = w.id('mv')
        w.line(`const ${r} = new Map()`)
        w.block(`for (const ${k} of ${x}.keys()) {`, () => {
          const key = this.copy(d.key, k)
          w.line(`const ${mv} = ${x}.get(${k})`)
          w.line(`${r}.set(${key}, ${this.copy(d.value, mv)})`)
        })
        return r
      }
      case 'NULLABLE':
        w.line(`let ${r} = null`)
        w.block(`if (${x} !== null) {`, () => w.line(`${r} = ${this.copy(d.type, x)}`))
        return r
      case 'GENERIC':
        w.line(`const ${r} = ${this.copyRecordFn()}(${x})`)
        return r
      default:
        return x
    }
  }

  private copyRecordFn(): string {
    return (this.copyGeneric ??= this.w.param('copyRecord', copyRecord))
  }

  private objectPrototype(): string {
    return (this.plainPrototype ??= this.w.param('objectPrototype', Object.prototype))
  }

  /** The fast-path check for a basic kind; basic-type-info.ts `isBasicValue` is the reference. */
  private check(kind: BasicTypeKind, x: string): string {
    switch (kind) {
      case 'STRING':
        return `typeof ${x} === 'string'`
      case 'BOOLEAN':
        return `typeof ${x} === 'boolean'`
      case 'BYTE':
        return `typeof ${x} === 'number' && ((${x} << 24) >> 24) === ${x}`
      case 'SHORT':
        return `typeof ${x} === 'number' && ((${x} << 16) >> 16) === ${x}`
      case 'INT':
        return `typeof ${x} === 'number' && (${x} | 0) === ${x}`
      case 'LONG':
        return `Number.isSafeInteger(${x})`
      case 'FLOAT':
      case 'DOUBLE':
        return `typeof ${x} === 'number'`
      case 'BIGINT': {
        this.int64Bounds ??= {
          min: this.w.param('int64Min', -(2n ** 63n)),
          max: this.w.param('int64Max', 2n ** 63n - 1n),
        }
        const { min, max } = this.int64Bounds
        return `typeof ${x} === 'bigint' && ${x} >= ${min} && ${x} <= ${max}`
      }
    }
  }

  private genericSerializer(): string {
    return (this.generic ??= this.w.param('generic', GenericTypeInfo.INSTANCE.createSerializer()))
  }
}

/** The slow path: restores `out`, asks the type why `value` failed, and throws that. */
function failFor(type: TypeInformation<unknown>) {
  return (value: unknown, out: DataOutputSerializer, start: number, cause?: unknown): never => {
    out.setPosition(start)
    const problem = type.validate(value)
    // Not a type problem (validate accepts the value): let the original error through.
    if (problem === undefined && cause instanceof Error) throw cause
    throw new SerializationError(
      `Cannot serialize value as ${type}: ${problem ?? 'the generated check rejected a value validate() accepts'}`,
      {
        code: 'serialization.type-mismatch',
        domain: problem === undefined ? 'internal' : 'user',
        context: { type: String(type) },
        cause,
      },
    )
  }
}
