// TaskManagers killed with SIGKILL during a checkpointed run: exactly-once and at-least-once
// (see kill-runs.ts).
import { describeKillRuns } from './kill-runs.js'

describeKillRuns(new Set(['exactly-once', 'at-least-once']))
