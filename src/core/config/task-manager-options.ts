// Options of a TaskManager process. Flink: org.apache.flink.configuration.TaskManagerOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const TaskManagerOptions = Object.freeze({
  NUM_TASK_SLOTS: ConfigOptions.key('taskmanager.numberOfTaskSlots')
    .intType()
    .defaultValue(1)
    .withDescription(
      'The number of slots a TaskManager offers; each slot runs one parallel pipeline of a job.',
    ),

  HOST: ConfigOptions.key('taskmanager.host')
    .stringType()
    .defaultValue('127.0.0.1')
    .withDescription(
      'The address of the TaskManager, for RPC and data connections from its peers.',
    ),

  RPC_PORT: ConfigOptions.key('taskmanager.rpc.port')
    .intType()
    .defaultValue(0)
    .withDescription('The RPC port of the TaskManager; 0 picks a free port.'),

  DATA_PORT: ConfigOptions.key('taskmanager.data.port')
    .intType()
    .defaultValue(0)
    .withDescription('The port of the data (shuffle) server; 0 picks a free port.'),

  RESOURCE_ID: ConfigOptions.key('taskmanager.resource-id')
    .stringType()
    .noDefaultValue()
    .withDescription('The id of the TaskManager; generated from host and port when unset.'),
})
