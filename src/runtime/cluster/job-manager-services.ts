// The services of a JobManager process, wired together: the RPC service, the BlobServer, the
// Dispatcher and the ResourceManager. The REST endpoint is added by the process entry point (it
// is a later layer). Flink: org.apache.flink.runtime.entrypoint.ClusterEntrypoint + DispatcherResourceManagerComponent.
import { rmSync } from 'node:fs'
import type { Configuration } from '../../core/config/configuration.js'
import { HeartbeatManagerOptions } from '../../core/config/heartbeat-manager-options.js'
import { JobManagerOptions } from '../../core/config/job-manager-options.js'
import { RpcOptions } from '../../core/config/rpc-options.js'
import type { Logger } from '../../core/logging/logger.js'
import { SystemClock, type Clock } from '../../core/time/clock.js'
import { BLOB_SERVER, DISPATCHER, RESOURCE_MANAGER } from '../common/endpoint-ids.js'
import { TcpRpcService } from '../rpc/tcp-rpc-service.js'
import { BlobServer } from './blob-server.js'
import { createWorkDirectory } from './work-directory.js'
import { Dispatcher } from './dispatcher.js'
import { ResourceManager } from './resource-manager.js'

export class JobManagerServices {
  readonly rpc: TcpRpcService
  readonly dispatcher: Dispatcher
  readonly resourceManager: ResourceManager
  private readonly workDir: string

  private constructor(
    rpc: TcpRpcService,
    dispatcher: Dispatcher,
    resourceManager: ResourceManager,
    workDir: string,
  ) {
    this.rpc = rpc
    this.dispatcher = dispatcher
    this.resourceManager = resourceManager
    this.workDir = workDir
  }

  static async start(
    configuration: Configuration,
    log: Logger,
    clock: Clock = SystemClock.INSTANCE,
  ): Promise<JobManagerServices> {
    const rpc = await TcpRpcService.start({
      host: configuration.get(JobManagerOptions.BIND_HOST),
      port: configuration.get(JobManagerOptions.PORT),
      askTimeoutMs: configuration.get(RpcOptions.ASK_TIMEOUT),
      onError: (message) => log.warn({}, message),
    })
    const workDir = createWorkDirectory('eddy-jobmanager')
    const blobServer = new BlobServer()
    const dispatcher = new Dispatcher({
      rpc,
      blobServer,
      bundleDirectory: workDir,
      configuration,
      slotRequestTimeoutMs: configuration.get(JobManagerOptions.SLOT_REQUEST_TIMEOUT),
      clock,
      log,
    })
    const resourceManager = new ResourceManager({
      rpc,
      clock,
      log,
      heartbeatIntervalMs: configuration.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL),
      heartbeatTimeoutMs: configuration.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT),
      rpcFailureThreshold: configuration.get(
        HeartbeatManagerOptions.HEARTBEAT_RPC_FAILURE_THRESHOLD,
      ),
      listener: dispatcher,
    })
    dispatcher.setResourceManager(resourceManager)
    rpc.registerEndpoint(BLOB_SERVER, blobServer)
    rpc.registerEndpoint(DISPATCHER, dispatcher)
    rpc.registerEndpoint(RESOURCE_MANAGER, resourceManager)
    log.info({ address: rpc.address }, 'JobManager started')
    return new JobManagerServices(rpc, dispatcher, resourceManager, workDir)
  }

  async close(): Promise<void> {
    await this.dispatcher.cancelAll()
    this.resourceManager.close()
    await this.rpc.close()
    rmSync(this.workDir, { recursive: true, force: true })
  }
}
