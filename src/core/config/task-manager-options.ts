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
})
