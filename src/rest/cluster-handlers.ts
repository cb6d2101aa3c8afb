// The REST handlers about the cluster rather than one job: dashboard configuration, the
// JobManager's configuration, the cluster overview and the TaskManagers.
// Flink: DashboardConfigHandler, ClusterConfigHandler, ClusterOverviewHandler,
// TaskManagersHandler, TaskManagerDetailsHandler.
import type { FastifyInstance } from 'fastify'
import type { ClusterOverviewInfo, TaskManagerDetailsInfo } from '../runtime/common/cluster-info.js'
import { dashboardConfiguration, type DashboardConfiguration } from './dashboard-configuration.js'
import type { RestHandlerContext } from './rest-handler-context.js'
import { RestHandlerException } from './rest-handler-exception.js'
import type { ClusterConfigurationInfoEntry, TaskManagersInfo } from './rest-messages.js'

export function registerClusterHandlers(app: FastifyInstance, context: RestHandlerContext): void {
  const { dispatcher, clock } = context

  app.get('/config', async (): Promise<DashboardConfiguration> => {
    const [configuration, overview] = await Promise.all([
      dispatcher.requestClusterConfiguration(),
      dispatcher.requestClusterOverview(),
    ])
    return dashboardConfiguration(configuration, overview, clock.now())
  })

  app.get('/jobmanager/config', async (): Promise<ClusterConfigurationInfoEntry[]> => {
    const configuration = await dispatcher.requestClusterConfiguration()
    return Object.keys(configuration)
      .sort()
      .map((key) => ({ key, value: configuration[key]! }))
  })

  app.get('/overview', async (): Promise<ClusterOverviewInfo> => {
    return dispatcher.requestClusterOverview()
  })

  app.get('/taskmanagers', async (): Promise<TaskManagersInfo> => {
    return { taskmanagers: await dispatcher.requestTaskManagers() }
  })

  app.get<{ Params: { taskmanagerid: string } }>(
    '/taskmanagers/:taskmanagerid',
    async (request): Promise<TaskManagerDetailsInfo> => {
      const id = request.params.taskmanagerid
      const taskManager = (await dispatcher.requestTaskManagers()).find((tm) => tm.id === id)
      if (taskManager === undefined) {
        throw new RestHandlerException(`Could not find TaskManager ${id}`, 404)
      }
      return taskManager
    },
  )
}
