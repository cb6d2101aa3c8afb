// Pins the value types Types infers; checked by `tsc --noEmit`, never run.
import type { DataOutputSerializer } from '../../src/core/memory/data-output-serializer.js'
import type { TypeInformation, TypeOf } from '../../src/core/types/type-information.js'
import { Types } from '../../src/core/types/types.js'

type Equal<A, B> =
  (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false

const Click = Types.ROW({
  user: Types.STRING,
  n: Types.INT,
  at: Types.BIGINT,
  tags: Types.LIST(Types.STRING),
  score: Types.NULLABLE(Types.DOUBLE),
  pair: Types.TUPLE([Types.STRING, Types.LONG]),
  counts: Types.MAP(Types.STRING, Types.INT),
  nested: Types.ROW({ ok: Types.BOOLEAN }),
})
type Click = TypeOf<typeof Click>

export const clickIsInferred: Equal<
  Click,
  {
    user: string
    n: number
    at: bigint
    tags: string[]
    score: number | null
    pair: [string, number]
    counts: Map<string, number>
    nested: { ok: boolean }
  }
> = true

export const rowIsTypeInformation: TypeInformation<{ a: string; n: number }> = Types.ROW({
  a: Types.STRING,
  n: Types.INT,
})

// @ts-expect-error a ROW of a STRING field is not a TypeInformation of a number field
export const wrongRow: TypeInformation<{ a: number }> = Types.ROW({ a: Types.STRING })

export const tuple: TypeInformation<[string, number]> = Types.TUPLE([Types.STRING, Types.INT])

// @ts-expect-error the tuple's first element is a string
export const wrongTuple: TypeInformation<[number, number]> = Types.TUPLE([Types.STRING, Types.INT])

export const generic: TypeInformation<{ any: unknown }> = Types.GENERIC<{ any: unknown }>()

export const nullableIsInferred: Equal<
  TypeOf<ReturnType<typeof Types.NULLABLE<string>>>,
  string | null
> = true

export function serializeClick(out: DataOutputSerializer): void {
  const serializer = Click.createSerializer()
  serializer.serialize(
    {
      user: 'a',
      n: 1,
      at: 1n,
      tags: [],
      score: null,
      pair: ['k', 2],
      counts: new Map(),
      nested: { ok: true },
    },
    out,
  )
  // @ts-expect-error a number is not a STRING field
  serializer.serialize({ ...exampleClick(), user: 1 }, out)
  // @ts-expect-error null is only accepted by NULLABLE fields
  serializer.serialize({ ...exampleClick(), n: null }, out)
  // @ts-expect-error a missing field is an error
  Types.ROW({ a: Types.STRING, b: Types.INT }).createSerializer().serialize({ a: 'x' }, out)
}

// @ts-expect-error a number is not a string
export const badValue: TypeOf<typeof Types.STRING> = 1

export const deserialized: string = Types.LIST(Types.STRING)
  .createSerializer()
  .deserialize(null!)[0]!

declare function exampleClick(): Click
