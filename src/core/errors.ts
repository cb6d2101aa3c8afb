// The error model: one base class whose fields (code, domain, failureType, context) are read by
// failover and by people. Errors cross processes as data (`toData`) and come back as RemoteError.
// Flink: org.apache.flink.runtime.throwable.ThrowableType, SerializedThrowable.

/** Who is at fault: the user's code or input, something outside Eddy, or Eddy itself (Arroyo). */
export type ErrorDomain = 'user' | 'external' | 'internal'

/** How failover treats the error, named as Flink's ThrowableType. */
export type FailureType =
  'NonRecoverableError' | 'PartitionDataMissingError' | 'EnvironmentError' | 'RecoverableError'

export type ErrorContext = Readonly<Record<string, string | number | boolean | undefined>>

export interface EddyErrorFields {
  readonly code: string
  readonly domain?: ErrorDomain
  readonly failureType?: FailureType
  readonly context?: ErrorContext
  readonly cause?: unknown
}

/** Base of every error Eddy throws. The message names what went wrong and where. */
export class EddyError extends Error {
  readonly code: string
  readonly domain: ErrorDomain
  readonly failureType: FailureType
  readonly context: ErrorContext

  constructor(message: string, fields: EddyErrorFields) {
    super(message, fields.cause === undefined ? undefined : { cause: fields.cause })
    this.name = new.target.name
    this.code = fields.code
    this.domain = fields.domain ?? 'internal'
    this.failureType = fields.failureType ?? 'RecoverableError'
    this.context = fields.context ?? {}
  }
}

/** A configuration key that is unknown or whose value is invalid. */
export class ConfigError extends EddyError {
  constructor(message: string, key: string, cause?: unknown) {
    super(message, {
      code: 'config.invalid',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { key },
      cause,
    })
  }
}

/** A value that does not match its declared type, or bytes that do not decode. */
export class SerializationError extends EddyError {
  constructor(message: string, fields: Omit<EddyErrorFields, 'code'> & { code?: string } = {}) {
    super(message, { domain: 'user', ...fields, code: fields.code ?? 'serialization.failed' })
  }
}

/** A program that builds an invalid pipeline (wrong parallelism, bad key selector, ...). */
export class InvalidProgramError extends EddyError {
  constructor(message: string, context: ErrorContext = {}, cause?: unknown) {
    super(message, {
      code: 'program.invalid',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context,
      cause,
    })
  }
}

/** What a user function threw, attributed to the operator and subtask that ran it. */
export class UserFunctionError extends EddyError {
  constructor(operatorName: string, subtaskIndex: number, parallelism: number, cause: unknown) {
    super(
      `User function of operator '${operatorName}' (subtask ${subtaskIndex + 1}/${parallelism}) threw: ${describe(cause)}`,
      {
        code: 'user-function.threw',
        domain: 'user',
        failureType: 'RecoverableError',
        context: { operator: operatorName, subtaskIndex },
        cause,
      },
    )
  }
}

/** The job failed; `cause` is the first failure of a task. Flink: JobExecutionException. */
export class JobExecutionException extends EddyError {
  constructor(jobName: string, jobId: string, cause: unknown) {
    super(`Job '${jobName}' (${jobId}) failed: ${describe(cause)}`, {
      code: 'job.failed',
      domain: cause instanceof EddyError ? cause.domain : 'internal',
      failureType: 'NonRecoverableError',
      context: { jobName, jobId },
      cause,
    })
  }
}

/** The job was cancelled before it finished. */
export class JobCancellationException extends EddyError {
  constructor(jobName: string, jobId: string) {
    super(`Job '${jobName}' (${jobId}) was cancelled`, {
      code: 'job.cancelled',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { jobName, jobId },
    })
  }
}

/** The one-line description of anything thrown, for messages. */
export function describe(e: unknown): string {
  if (e instanceof Error) return e.message
  return `non-Error value thrown: ${String(e)}`
}

/** Anything thrown, as an Error (user code may throw strings). */
export function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(describe(e))
}
