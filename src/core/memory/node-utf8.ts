// Node's own UTF-8 codec entry points on Buffer.prototype, utf8Write and utf8Slice, are what
// write(…, 'utf8') and toString('utf8', …) end in after checking their arguments and looking up
// the encoding by name. Callers here have checked the bounds already; calling them directly saves
// about 10 ns per string (a Nexmark bid carries two of ~65 characters). They are not documented,
// so each falls back to the public method where a runtime lacks it.
import { Buffer } from 'node:buffer'

const nativeWrite: unknown = Reflect.get(Buffer.prototype, 'utf8Write')
const nativeSlice: unknown = Reflect.get(Buffer.prototype, 'utf8Slice')

/** Writes `value` as UTF-8 at `offset`, which has room for 3 bytes per UTF-16 unit; the bytes written. */
export const writeUtf8: (target: Buffer, value: string, offset: number) => number =
  typeof nativeWrite === 'function'
    ? (target, value, offset) => nativeWrite.call(target, value, offset) as number
    : (target, value, offset) => target.write(value, offset, 'utf8')

/** The UTF-8 bytes [start, end) of `source` as a string; the bounds are within `source`. */
export const readUtf8: (source: Buffer, start: number, end: number) => string =
  typeof nativeSlice === 'function'
    ? (source, start, end) => nativeSlice.call(source, start, end) as string
    : (source, start, end) => source.toString('utf8', start, end)
