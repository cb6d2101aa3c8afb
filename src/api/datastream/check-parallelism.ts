// Validation of user-given parallelism, shared by operators and sinks.
import { InvalidProgramError } from '../../core/errors.js'

export function checkParallelism(parallelism: number, operatorName: string): number {
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    throw new InvalidProgramError(
      `The parallelism of operator '${operatorName}' must be a positive integer, got ${parallelism}`,
      { operator: operatorName },
    )
  }
  return parallelism
}
