// Timers and time as a keyed function sees them. Timers are per key (and namespace), de-duplicated,
// and fire in timestamp order. Flink: org.apache.flink.streaming.api.TimerService.

export type TimeDomain = 'EVENT_TIME' | 'PROCESSING_TIME'

export interface TimerService {
  currentProcessingTime(): number
  currentWatermark(): number
  registerProcessingTimeTimer(time: number): void
  registerEventTimeTimer(time: number): void
  deleteProcessingTimeTimer(time: number): void
  deleteEventTimeTimer(time: number): void
}
