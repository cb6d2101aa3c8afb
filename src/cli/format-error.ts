// How the CLI shows an error: the message, then each cause with its stack, so the user's own
// stack frames are visible under Eddy's context.

export function formatError(error: unknown): string {
  const lines: string[] = []
  let current: unknown = error
  let depth = 0
  while (current !== undefined && depth < 10) {
    if (current instanceof Error) {
      const stack = current.stack ?? `${current.name}: ${current.message}`
      lines.push(depth === 0 ? stack : `Caused by: ${stack}`)
      current = current.cause
    } else {
      lines.push(
        `${depth === 0 ? '' : 'Caused by: '}${typeof current === 'object' && current !== null ? JSON.stringify(current) : String(current as string | number | boolean | bigint | symbol | null)}`,
      )
      current = undefined
    }
    depth++
  }
  return lines.join('\n')
}
