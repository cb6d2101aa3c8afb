// The check a restored task makes before it replays an unaligned checkpoint's in-flight data: the
// data must fit its inputs (or outputs) channel for channel, which holds only at the parallelism
// the checkpoint was taken at.
import { EddyError } from '../../../core/errors.js'

/**
 * Throws unless `was` (channels per input or output when the checkpoint was taken) equals `now`.
 * `where` names the task in the error.
 */
export function checkChannelStateShape(
  checkpointId: number,
  where: string,
  side: 'input' | 'output',
  was: readonly number[],
  now: readonly number[],
): void {
  if (was.length === now.length && was.every((n, i) => n === now[i])) return
  const shape = (counts: readonly number[]): string =>
    counts.map((n, i) => `${side} ${i + 1}: ${n} channels`).join(', ')
  throw new EddyError(
    `Cannot restore the in-flight data of unaligned checkpoint ${checkpointId} into ${where}: ` +
      `its ${side}s had ${shape(was)}, now ${shape(now)}. Unaligned checkpoints restore only at ` +
      'the parallelism they were taken at; restore from a savepoint (always aligned) to rescale.',
    { code: 'checkpoint.unaligned-rescale', domain: 'user', failureType: 'NonRecoverableError' },
  )
}
