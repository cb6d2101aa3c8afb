// TaskManagers killed with SIGKILL during a run with unaligned checkpoints under backpressure
// (see kill-runs.ts).
import { describeKillRuns } from './kill-runs.js'

describeKillRuns(new Set(['unaligned']))
