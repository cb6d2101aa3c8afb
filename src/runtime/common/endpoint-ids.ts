// The names RPC endpoints are served under (DESIGN.md §9); a peer needs an address and one of these.
export const RESOURCE_MANAGER = 'resourcemanager'
export const DISPATCHER = 'dispatcher'
export const BLOB_SERVER = 'blobserver'
export const TASK_EXECUTOR = 'taskexecutor'

export function jobMasterEndpoint(jobId: string): string {
  return `jobmaster_${jobId}`
}
