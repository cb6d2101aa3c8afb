// Loggers for the processes the CLI starts: JSON lines (one object per line, with the bound
// fields such as jobId, task and subtask) for cluster processes and their log files, or a
// readable one-line format for a person at a terminal. EDDY_LOG_LEVEL overrides the level.
import { pino, type DestinationStream } from 'pino'
import pretty from 'pino-pretty'
import type { Logger } from '../core/logging/logger.js'

export type LogFormat = 'json' | 'pretty'

export function createLogger(options: {
  readonly name: string
  readonly format: LogFormat
  readonly level: string
  /** A file descriptor to write to (2 = stderr). */
  readonly fd?: number
}): Logger {
  const level = process.env.EDDY_LOG_LEVEL ?? options.level
  const fd = options.fd ?? 2
  const destination: DestinationStream =
    options.format === 'pretty'
      ? pretty({
          destination: fd,
          sync: true,
          singleLine: true,
          ignore: 'pid,hostname,process',
          translateTime: 'HH:MM:ss.l',
        })
      : pino.destination({ fd, sync: true })
  return pino({ name: options.name, level, base: { process: options.name } }, destination)
}
