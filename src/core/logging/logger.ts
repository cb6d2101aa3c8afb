// The logger components take: structured fields first, then the message (pino's call shape), and
// `child` to bind fields such as the job id, task name and subtask index to every line. The
// process entry points create it (JSON lines per process, a readable format for the CLI).

export type LogFields = Readonly<Record<string, unknown>>

export interface Logger {
  debug(fields: LogFields, message: string): void
  info(fields: LogFields, message: string): void
  warn(fields: LogFields, message: string): void
  error(fields: LogFields, message: string): void
  child(fields: LogFields): Logger
}

/** Drops everything; for components used where no one reads logs (tests, the MiniCluster). */
export const NOOP_LOGGER: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => NOOP_LOGGER,
}

/** The fields of an error worth logging. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { err: String(error) }
  return { err: { type: error.name, message: error.message, stack: error.stack } }
}
