// Builds generated code (serializers, fused operator chains). Values are passed to the generated
// function as named parameters, never interpolated into the source, and `source()` can be dumped
// for debugging. Flink counterpart: the table planner's CodeGenUtils; shape follows zod v4's Doc.

/** Writes indented JavaScript lines and the values the code refers to, then compiles them. */
export class CodeWriter {
  private readonly lines: string[] = []
  private readonly paramNames: string[] = []
  private readonly paramValues: unknown[] = []
  private indentLevel = 0
  private nextId = 0

  /** A fresh identifier with the given prefix, unique within this writer. */
  id(prefix: string): string {
    return `${prefix}${this.nextId++}`
  }

  /** Registers a value the code uses, and returns the identifier that refers to it. */
  param(prefix: string, value: unknown): string {
    const name = this.id(prefix)
    this.paramNames.push(name)
    this.paramValues.push(value)
    return name
  }

  /** A JavaScript string literal for `s` (safe to embed in the source). */
  static literal(s: string): string {
    return JSON.stringify(s)
  }

  line(code: string): this {
    this.lines.push('  '.repeat(this.indentLevel) + code)
    return this
  }

  /** Writes `open`, the lines `body` writes one level deeper, then `close`. */
  block(open: string, body: () => void, close = '}'): this {
    this.line(open)
    this.indentLevel++
    body()
    this.indentLevel--
    return this.line(close)
  }

  source(): string {
    return this.lines.join('\n')
  }

  /** Compiles the lines as a function body over the registered parameters and runs it once. */
  compile<T>(): T {
    const body = this.source()
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated code is the point of this class
    const factory = new Function(...this.paramNames, body) as (...args: unknown[]) => T
    return factory(...this.paramValues)
  }
}
