// The TimerService user functions get: time, and for keyed operators the operator's timers in the
// void namespace. Non-keyed operators answer time but reject timers, as Flink does.
// Flink: org.apache.flink.streaming.api.SimpleTimerService.
import { InvalidProgramError } from '../../../core/errors.js'
import type { TimerService } from '../../../api/functions/timer-service.js'
import { VOID_NAMESPACE } from '../../state/keyed-state-backend.js'
import type { ProcessingTimeService } from '../processing-time-service.js'
import type { InternalTimerService } from './internal-timer-service.js'

export class UserTimerService implements TimerService {
  private readonly timers: InternalTimerService<unknown> | undefined
  private readonly processingTime: ProcessingTimeService
  private readonly watermark: () => number

  constructor(
    timers: InternalTimerService<unknown> | undefined,
    processingTime: ProcessingTimeService,
    watermark: () => number,
  ) {
    this.timers = timers
    this.processingTime = processingTime
    this.watermark = watermark
  }

  currentProcessingTime(): number {
    return this.processingTime.getCurrentProcessingTime()
  }

  currentWatermark(): number {
    return this.watermark()
  }

  registerProcessingTimeTimer(time: number): void {
    this.keyed().registerProcessingTimeTimer(VOID_NAMESPACE, time)
  }

  registerEventTimeTimer(time: number): void {
    this.keyed().registerEventTimeTimer(VOID_NAMESPACE, time)
  }

  deleteProcessingTimeTimer(time: number): void {
    this.keyed().deleteProcessingTimeTimer(VOID_NAMESPACE, time)
  }

  deleteEventTimeTimer(time: number): void {
    this.keyed().deleteEventTimeTimer(VOID_NAMESPACE, time)
  }

  private keyed(): InternalTimerService<unknown> {
    if (this.timers === undefined) {
      throw new InvalidProgramError(
        'Setting timers is only supported on a keyed streams: use keyBy() before process()',
      )
    }
    return this.timers
  }
}
