// Buckets by the processing time a record is written at, formatted with a date pattern (default
// 'yyyy-MM-dd--HH': one bucket per hour), in the system's time zone or a named one. The pattern is
// compiled once; the formatted id is reused for every record of the same second.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.DateTimeBucketAssigner.
import { InvalidProgramError } from '../../core/errors.js'
import type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js'

const DEFAULT_FORMAT_STRING = 'yyyy-MM-dd--HH'

/** The calendar fields of an instant in a zone. */
interface DateFields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

type Part = string | ((f: DateFields) => string)

const FIELDS: Readonly<Record<string, (f: DateFields) => string>> = {
  yyyy: (f) => String(f.year).padStart(4, '0'),
  yy: (f) => String(f.year % 100).padStart(2, '0'),
  MM: (f) => String(f.month).padStart(2, '0'),
  dd: (f) => String(f.day).padStart(2, '0'),
  HH: (f) => String(f.hour).padStart(2, '0'),
  mm: (f) => String(f.minute).padStart(2, '0'),
  ss: (f) => String(f.second).padStart(2, '0'),
}

/**
 * @public
 * @example
 * // buckets such as 2024-05-17--13 in UTC
 * new DateTimeBucketAssigner<string>('yyyy-MM-dd--HH', 'UTC')
 */
export class DateTimeBucketAssigner<IN> implements BucketAssigner<IN> {
  readonly formatString: string
  /** An IANA time zone ('UTC', 'Europe/Berlin'); undefined is the system's. */
  readonly zoneId: string | undefined
  private readonly parts: readonly Part[]
  private readonly fieldsOf: (time: number) => DateFields
  private cachedSecond = Number.NaN
  private cachedId = ''

  constructor(formatString: string = DEFAULT_FORMAT_STRING, zoneId?: string) {
    this.formatString = formatString
    this.zoneId = zoneId
    this.parts = compile(formatString)
    this.fieldsOf = zoneId === undefined ? localFields : zonedFields(zoneId)
  }

  getBucketId(_element: IN, context: BucketAssignerContext): string {
    const time = context.currentProcessingTime()
    const second = Math.floor(time / 1000)
    if (second !== this.cachedSecond) {
      this.cachedSecond = second
      this.cachedId = this.format(time)
    }
    return this.cachedId
  }

  private format(time: number): string {
    const fields = this.fieldsOf(time)
    let out = ''
    for (const part of this.parts) out += typeof part === 'string' ? part : part(fields)
    return out
  }

  toString(): string {
    return `DateTimeBucketAssigner{formatString='${this.formatString}', zoneId=${this.zoneId ?? 'system'}}`
  }
}

/**
 * Splits a pattern into literals and fields: runs of a letter are fields (yyyy yy MM dd HH mm
 * ss), text in single quotes and anything not a letter is literal. Other letters are rejected:
 * a pattern finer than a second would defeat the per-second cache.
 */
function compile(pattern: string): Part[] {
  const parts: Part[] = []
  let i = 0
  while (i < pattern.length) {
    const c = pattern[i]!
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1)
      if (end < 0) throw badPattern(pattern, 'an unclosed quote')
      parts.push(end === i + 1 ? "'" : pattern.slice(i + 1, end))
      i = end + 1
    } else if (/[a-zA-Z]/.test(c)) {
      let j = i
      while (pattern[j] === c) j++
      const field = FIELDS[pattern.slice(i, j)]
      if (field === undefined) throw badPattern(pattern, `'${pattern.slice(i, j)}'`)
      parts.push(field)
      i = j
    } else {
      parts.push(c)
      i++
    }
  }
  return parts
}

function badPattern(pattern: string, what: string): InvalidProgramError {
  return new InvalidProgramError(
    `DateTimeBucketAssigner cannot format '${pattern}': it has ${what}; supported fields are ` +
      `yyyy, yy, MM, dd, HH, mm and ss, and literal text in single quotes`,
    { formatString: pattern },
  )
}

function localFields(time: number): DateFields {
  const d = new Date(time)
  return {
    year: d.getFullYear(),
    month: d.getMonth() + 1,
    day: d.getDate(),
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
  }
}

function zonedFields(zoneId: string): (time: number) => DateFields {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneId,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
  } catch (e: unknown) {
    throw new InvalidProgramError(`DateTimeBucketAssigner: unknown time zone '${zoneId}'`, {}, e)
  }
  return (time) => {
    const fields: DateFields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 }
    for (const p of format.formatToParts(time)) {
      if (p.type in fields) fields[p.type as keyof DateFields] = Number(p.value)
    }
    return fields
  }
}
