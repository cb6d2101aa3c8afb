// Durations for window sizes, gaps and lateness, in milliseconds (Eddy measures time in ms).
// Flink: org.apache.flink.streaming.api.windowing.time.Time / java.time.Duration.

/**
 * @public
 * @example TumblingEventTimeWindows.of(Time.seconds(5))
 */
export const Time = {
  milliseconds: (n: number): number => n,
  seconds: (n: number): number => n * 1000,
  minutes: (n: number): number => n * 60_000,
  hours: (n: number): number => n * 3_600_000,
  days: (n: number): number => n * 86_400_000,
} as const
