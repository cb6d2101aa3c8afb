// The ResourceManager: the registry of TaskManagers and their slots. TaskExecutors register;
// JobMasters get slots for all their subtasks at once or wait for them until slot.request.timeout;
// heartbeats to every TaskExecutor carry its task metrics back and notice a TaskManager that is
// gone (its RPC connection refused, or silent beyond heartbeat.timeout).
// Flink: org.apache.flink.runtime.resourcemanager.ResourceManager + the slot manager.
import { randomBytes } from 'node:crypto'
import { EddyError } from '../../core/errors.js'
import { errorFields, type Logger } from '../../core/logging/logger.js'
import type { Clock } from '../../core/time/clock.js'
import type { TaskManagerDetailsInfo } from '../common/cluster-info.js'
import { TASK_EXECUTOR } from '../common/endpoint-ids.js'
import type {
  ResourceManagerGateway,
  TaskExecutorGateway,
  TaskExecutorHeartbeat,
  TaskExecutorRegistration,
} from '../common/gateways.js'
import { RpcConnectionError } from '../rpc/rpc-errors.js'
import type { RpcService } from '../rpc/rpc-service.js'
import type { SlotOffer, SlotProvider } from '../scheduler/slot-provider.js'

export interface ResourceManagerListener {
  onTaskManagerLost(resourceId: string, reason: string): void
  onHeartbeat(heartbeat: TaskExecutorHeartbeat): void
}

export interface ResourceManagerOptions {
  readonly rpc: RpcService
  readonly clock: Clock
  readonly log: Logger
  readonly heartbeatIntervalMs: number
  readonly heartbeatTimeoutMs: number
  readonly rpcFailureThreshold: number
  readonly listener: ResourceManagerListener
}

interface RegisteredTaskManager {
  readonly registration: TaskExecutorRegistration
  readonly gateway: TaskExecutorGateway
  /** The job holding each slot, or undefined when free. */
  readonly slots: (string | undefined)[]
  lastHeartbeat: number
  freeMemory: number
  rpcFailures: number
  heartbeatInFlight: boolean
}

interface PendingRequest {
  readonly jobId: string
  readonly count: number
  readonly resolve: (offers: SlotOffer[]) => void
  readonly reject: (e: Error) => void
  readonly timer: ReturnType<typeof setTimeout>
}

export class ResourceManager implements ResourceManagerGateway, SlotProvider {
  readonly resourceManagerId = randomBytes(16).toString('hex')
  private readonly options: ResourceManagerOptions
  private readonly taskManagers = new Map<string, RegisteredTaskManager>()
  private readonly pending: PendingRequest[] = []
  private readonly heartbeats: ReturnType<typeof setInterval>

  constructor(options: ResourceManagerOptions) {
    this.options = options
    this.heartbeats = setInterval(() => this.heartbeatAll(), options.heartbeatIntervalMs)
    this.heartbeats.unref()
  }

  // ---- ResourceManagerGateway ----

  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<string> {
    const problem = registrationProblem(registration)
    if (problem !== undefined) {
      return Promise.reject(
        new EddyError(`Invalid TaskExecutor registration: ${problem}`, {
          code: 'resource.invalid-registration',
          domain: 'external',
        }),
      )
    }
    const { resourceId } = registration
    if (this.taskManagers.has(resourceId)) {
      this.lose(resourceId, `TaskManager ${resourceId} registered again (it restarted)`)
    }
    this.taskManagers.set(resourceId, {
      registration,
      gateway: this.options.rpc.connect<TaskExecutorGateway>(
        registration.rpcAddress,
        TASK_EXECUTOR,
      ),
      slots: new Array<string | undefined>(registration.numberOfSlots).fill(undefined),
      lastHeartbeat: this.options.clock.now(),
      freeMemory: 0,
      rpcFailures: 0,
      heartbeatInFlight: false,
    })
    this.options.log.info(
      { resourceId, address: registration.rpcAddress, slots: registration.numberOfSlots },
      'TaskManager registered',
    )
    this.fulfillPending()
    return Promise.resolve(this.resourceManagerId)
  }

  disconnectTaskExecutor(resourceId: string, reason: string): Promise<void> {
    this.lose(resourceId, reason)
    return Promise.resolve()
  }

  // ---- SlotProvider ----

  allocateSlots(jobId: string, count: number, timeoutMs: number): Promise<SlotOffer[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.pending.findIndex((p) => p.timer === timer)
        if (i >= 0) this.pending.splice(i, 1)
        const free = this.freeSlots()
        reject(
          new EddyError(
            `Could not acquire the required ${count} slots for job ${jobId} within ${timeoutMs} ms ` +
              `(slot.request.timeout): ${plural(free, 'slot')} free, ${plural(count - free, 'slot')} missing. ` +
              'Start more TaskManagers, give them more slots (taskmanager.numberOfTaskSlots) or lower the parallelism',
            {
              code: 'scheduler.no-resource-available',
              domain: 'external',
              failureType: 'NonRecoverableError',
              context: { required: count, available: free, missing: count - free },
            },
          ),
        )
      }, timeoutMs)
      timer.unref()
      this.pending.push({ jobId, count, resolve, reject, timer })
      this.fulfillPending()
    })
  }

  releaseSlots(jobId: string): void {
    // A job that ends while it waits withdraws its request: at the head of the queue it would
    // hold back every later request until its slot.request.timeout.
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const request = this.pending[i]!
      if (request.jobId !== jobId) continue
      this.pending.splice(i, 1)
      clearTimeout(request.timer)
      request.reject(
        new EddyError(`The slot request of job ${jobId} was withdrawn: the job ended`, {
          code: 'resource.request-withdrawn',
          context: { jobId },
        }),
      )
    }
    for (const tm of this.taskManagers.values()) {
      for (let i = 0; i < tm.slots.length; i++) if (tm.slots[i] === jobId) tm.slots[i] = undefined
    }
    this.fulfillPending()
  }

  taskExecutor(resourceId: string): TaskExecutorGateway {
    const tm = this.taskManagers.get(resourceId)
    if (tm === undefined) {
      throw new EddyError(`TaskManager ${resourceId} is not registered`, {
        code: 'resource.unknown-taskmanager',
      })
    }
    return tm.gateway
  }

  // ---- queries ----

  freeSlots(): number {
    let n = 0
    for (const tm of this.taskManagers.values()) n += tm.slots.filter((s) => s === undefined).length
    return n
  }

  totalSlots(): number {
    let n = 0
    for (const tm of this.taskManagers.values()) n += tm.slots.length
    return n
  }

  taskManagerDetails(): TaskManagerDetailsInfo[] {
    const now = this.options.clock.now()
    return [...this.taskManagers.values()].map((tm) => ({
      id: tm.registration.resourceId,
      path: tm.registration.rpcAddress,
      dataPort: Number(
        tm.registration.dataAddress.slice(tm.registration.dataAddress.lastIndexOf(':') + 1),
      ),
      jmxPort: -1,
      timeSinceLastHeartbeat: now - tm.lastHeartbeat,
      slotsNumber: tm.slots.length,
      freeSlots: tm.slots.filter((s) => s === undefined).length,
      hardware: {
        cpuCores: tm.registration.hardware.cpuCores,
        physicalMemory: tm.registration.hardware.physicalMemory,
        freeMemory: tm.freeMemory,
        managedMemory: 0,
      },
    }))
  }

  /** The address of a TaskManager's data server, by resource id. */
  registrationOf(resourceId: string): TaskExecutorRegistration | undefined {
    return this.taskManagers.get(resourceId)?.registration
  }

  close(): void {
    clearInterval(this.heartbeats)
    for (const p of this.pending.splice(0)) {
      clearTimeout(p.timer)
      p.reject(new EddyError('The ResourceManager shut down', { code: 'resource.closed' }))
    }
  }

  // ---- internals ----

  private fulfillPending(): void {
    // In arrival order, but a request that does not fit yet does not hold back smaller ones.
    for (let i = 0; i < this.pending.length;) {
      const request = this.pending[i]!
      if (this.freeSlots() < request.count) {
        i++
        continue
      }
      this.pending.splice(i, 1)
      clearTimeout(request.timer)
      const offers: SlotOffer[] = []
      for (const tm of this.taskManagers.values()) {
        for (let s = 0; s < tm.slots.length && offers.length < request.count; s++) {
          if (tm.slots[s] !== undefined) continue
          tm.slots[s] = request.jobId
          offers.push({
            allocationId: randomBytes(16).toString('hex'),
            resourceId: tm.registration.resourceId,
            rpcAddress: tm.registration.rpcAddress,
            dataAddress: tm.registration.dataAddress,
          })
        }
      }
      request.resolve(offers)
    }
  }

  private heartbeatAll(): void {
    const now = this.options.clock.now()
    for (const [resourceId, tm] of this.taskManagers) {
      const silence = now - tm.lastHeartbeat
      if (silence > this.options.heartbeatTimeoutMs) {
        this.lose(
          resourceId,
          `The heartbeat of TaskManager ${resourceId} (${tm.registration.rpcAddress}) timed out after ${silence} ms (heartbeat.timeout ${this.options.heartbeatTimeoutMs} ms)`,
        )
        continue
      }
      if (tm.heartbeatInFlight) continue
      tm.heartbeatInFlight = true
      tm.gateway.heartbeat().then(
        (hb) => {
          tm.heartbeatInFlight = false
          if (this.taskManagers.get(resourceId) !== tm) return
          tm.lastHeartbeat = this.options.clock.now()
          tm.freeMemory = hb.freeMemory
          tm.rpcFailures = 0
          this.options.listener.onHeartbeat(hb)
        },
        (e: unknown) => {
          tm.heartbeatInFlight = false
          if (this.taskManagers.get(resourceId) !== tm) return
          if (!(e instanceof RpcConnectionError)) return
          tm.rpcFailures++
          if (tm.rpcFailures >= this.options.rpcFailureThreshold) {
            this.lose(
              resourceId,
              `TaskManager ${resourceId} (${tm.registration.rpcAddress}) is unreachable: ${e.message}`,
            )
          }
        },
      )
    }
  }

  private lose(resourceId: string, reason: string): void {
    if (!this.taskManagers.delete(resourceId)) return
    this.options.log.warn({ resourceId, reason }, 'TaskManager lost')
    try {
      this.options.listener.onTaskManagerLost(resourceId, reason)
    } catch (e: unknown) {
      this.options.log.error(errorFields(e), 'Handling a lost TaskManager failed')
    }
  }
}

/** The largest slot count a registration may announce; the slot table is allocated up front. */
const MAX_SLOTS_PER_TASK_MANAGER = 4096

/**
 * What is wrong with a registration that arrived over RPC, or undefined. Its fields are shown by
 * the REST API and its slots allocated, so a malformed one must not get in.
 */
function registrationProblem(r: TaskExecutorRegistration): string | undefined {
  if (typeof r !== 'object' || r === null) return 'not an object'
  if (typeof r.resourceId !== 'string' || r.resourceId.length === 0) return 'no resourceId'
  for (const key of ['rpcAddress', 'dataAddress'] as const) {
    const address = r[key]
    if (typeof address !== 'string' || !/^.+:\d{1,5}$/.test(address)) {
      return `${key} ${JSON.stringify(address)} is not 'host:port'`
    }
  }
  const slots = r.numberOfSlots
  if (!Number.isInteger(slots) || slots < 1 || slots > MAX_SLOTS_PER_TASK_MANAGER) {
    return `numberOfSlots ${slots} is not an integer from 1 to ${MAX_SLOTS_PER_TASK_MANAGER}`
  }
  const hardware = r.hardware as Partial<TaskExecutorRegistration['hardware']> | undefined
  if (
    typeof hardware !== 'object' ||
    hardware === null ||
    typeof hardware.cpuCores !== 'number' ||
    typeof hardware.physicalMemory !== 'number'
  ) {
    return 'no hardware description (cpuCores, physicalMemory)'
  }
  return undefined
}

/** "1 slot is", "2 slots are". */
function plural(n: number, noun: string): string {
  return n === 1 ? `1 ${noun} is` : `${n} ${noun}s are`
}
