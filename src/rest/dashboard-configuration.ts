// The body of `GET /config`: what the dashboard needs before anything else (refresh interval, the
// JobManager's time zone, the version, which actions to offer). Flink: DashboardConfiguration,
// DashboardConfigHandler.
import { parseDuration } from '../core/config/duration.js'
import type { ClusterOverviewInfo } from '../runtime/common/cluster-info.js'

export interface DashboardConfiguration {
  readonly 'refresh-interval': number
  readonly 'timezone-name': string
  /** Milliseconds east of UTC, at the time of the request. */
  readonly 'timezone-offset': number
  readonly 'flink-version': string
  readonly 'flink-revision': string
  readonly features: {
    readonly 'web-submit': boolean
    readonly 'web-cancel': boolean
    readonly 'web-rescale': boolean
    readonly 'web-history': boolean
  }
}

/** Flink's `web.refresh-interval` default. */
const DEFAULT_REFRESH_INTERVAL_MS = 3000

export function dashboardConfiguration(
  configuration: Readonly<Record<string, string>>,
  overview: ClusterOverviewInfo,
  now: number,
): DashboardConfiguration {
  const refresh = configuration['web.refresh-interval']
  return {
    'refresh-interval':
      refresh === undefined ? DEFAULT_REFRESH_INTERVAL_MS : parseDuration(refresh),
    'timezone-name': timeZoneName(now),
    'timezone-offset': -new Date(now).getTimezoneOffset() * 60_000,
    'flink-version': overview['flink-version'],
    'flink-revision': overview['flink-commit'],
    features: {
      // Flink's web submission uploads jars; Eddy's programs arrive only through `eddy run`.
      'web-submit': false,
      'web-cancel': configuration['web.cancel.enable'] !== 'false',
      // Neither exists in Eddy: no adaptive scheduler to rescale, no HistoryServer.
      'web-rescale': false,
      'web-history': false,
    },
  }
}

/** The zone's long English name ('Central European Standard Time'), as Flink's dashboard shows. */
function timeZoneName(now: number): string {
  const parts = new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' }).formatToParts(now)
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC'
}
