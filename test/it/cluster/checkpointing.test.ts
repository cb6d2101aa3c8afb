// Checkpoints on a real cluster: the JobMaster's coordinator triggers the source tasks in the
// TaskManager processes over RPC, barriers cross TaskManagers, every task acknowledges over RPC,
// and the checkpoint lands in Flink's layout with the sources' reader and enumerator state.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { clusterWithTempDir, waitFor, type TestCluster } from './support.js'
import { readCheckpointMetadata } from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'

describe('checkpoints on a cluster', () => {
  const setup = clusterWithTempDir('eddy-cluster-chk-')
  let cluster: TestCluster
  let dir: string
  before(() => {
    cluster = setup.cluster()
    dir = setup.dir()
  })

  /** Runs `job` at p=2, checkpointing every 100 ms, until checkpoint `minId` or later completed. */
  async function runUntilCheckpoint(job: string, args: string[], minId: number) {
    const run = cluster.run(job, args, [
      '-p',
      '2',
      '-D',
      'execution.checkpointing.interval=100ms',
      '-D',
      `state.checkpoints.dir=${dir}`,
      '-D',
      'execution.checkpointing.externalized-checkpoint-retention=RETAIN_ON_CANCELLATION',
    ])
    const jobId = await waitFor('the job to be submitted', async () => {
      const jobs = await cluster.client.listJobs()
      return jobs.find((j) => j.state === 'RUNNING')?.jid
    })
    const jobDir = join(dir, jobId)
    const checkpointId = await waitFor('a completed checkpoint', async () => {
      for (const entry of await readdir(jobDir).catch((): string[] => [])) {
        if (!entry.startsWith('chk-') || Number(entry.slice(4)) < minId) continue
        const files = await readdir(join(jobDir, entry)).catch((): string[] => [])
        if (files.includes('_metadata')) return Number(entry.slice(4))
      }
      return undefined
    })
    return { run, jobId, jobDir, checkpointId }
  }

  it('completes checkpoints across TaskManagers and writes them to the checkpoint directory', async () => {
    const { run, jobId, jobDir, checkpointId } = await runUntilCheckpoint(
      'test/it/cluster/jobs/endless.ts',
      [],
      1,
    )
    // The REST API serves the coordinator's statistics and configuration.
    const rest = `http://${cluster.restAddress}/jobs/${jobId}/checkpoints`
    const stats = (await (await fetch(rest)).json()) as {
      counts: { completed: number; failed: number }
      latest: { completed: { id: number; status: string; external_path: string } | null }
    }
    assert.ok(stats.counts.completed >= 1, JSON.stringify(stats.counts))
    assert.equal(stats.latest.completed?.status, 'COMPLETED')
    assert.equal(
      stats.latest.completed?.external_path,
      join(jobDir, `chk-${stats.latest.completed?.id}`),
    )
    const latestId = stats.latest.completed!.id
    const details = (await (await fetch(`${rest}/details/${latestId}`)).json()) as {
      id: number
      status: string
      num_subtasks: number
      num_acknowledged_subtasks: number
    }
    assert.deepEqual(
      [details.id, details.status, details.num_subtasks, details.num_acknowledged_subtasks],
      [latestId, 'COMPLETED', 4, 4],
    )
    assert.equal((await fetch(`${rest}/details/999999`)).status, 404)
    const metrics = (await (
      await fetch(
        `http://${cluster.restAddress}/jobs/${jobId}/metrics?get=numberOfCompletedCheckpoints,lastCheckpointSize`,
      )
    ).json()) as { id: string; value: string }[]
    assert.deepEqual(
      metrics.map((m) => m.id),
      ['numberOfCompletedCheckpoints', 'lastCheckpointSize'],
    )
    assert.ok(Number(metrics[0]!.value) >= 1 && Number(metrics[1]!.value) > 0)
    const config = (await (await fetch(`${rest}/config`)).json()) as Record<string, unknown>
    assert.deepEqual(
      [config['mode'], config['interval'], config['checkpoint_storage']],
      ['exactly_once', 100, 'FileSystemCheckpointStorage'],
    )
    await cluster.client.cancelJob(jobId)
    const r = await run
    assert.notEqual(r.code, 0)
    const { metadata } = await readCheckpointMetadata(join(jobDir, `chk-${checkpointId}`))
    assert.equal(metadata.jobId, jobId)
    assert.equal(metadata.checkpointId, checkpointId)
    const source = metadata.operators.find((o) => o.operatorName.startsWith('Source'))!
    assert.equal(source.parallelism, 2)
    assert.deepEqual(
      source.subtasks.map((s) => s.subtask),
      [0, 1],
    )
    assert.ok(source.coordinatorState !== undefined)
  })

  it('restores a cancelled job from its retained checkpoint with eddy run -s, rescaled from 2 to 1, exactly once', async () => {
    const { run, jobId, jobDir, checkpointId } = await runUntilCheckpoint(
      'test/it/cluster/jobs/counting.ts',
      ['20000', '10000'],
      2,
    )
    await cluster.client.cancelJob(jobId)
    assert.notEqual((await run).code, 0)
    // The cancelled run had not reached any key's final count yet.
    assert.deepEqual(cluster.printed(), [])
    // Two slots in this cluster: rescaled from 2 to 1.
    const restoredRun = cluster.run(
      'test/it/cluster/jobs/counting.ts',
      ['20000', '10000'],
      ['-p', '1', '-s', join(jobDir, `chk-${checkpointId}`)],
    )
    const restored = await restoredRun
    assert.equal(restored.code, 0, restored.stderr)
    const printed = await waitFor('every key printed', () =>
      cluster.printed().length >= 10 ? cluster.printed() : undefined,
    )
    assert.deepEqual(printed, Array.from({ length: 10 }, (_, k) => `${k},2000`).sort())
  })
})
