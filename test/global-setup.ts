// Starts the test PostgreSQL once per run and hands its address to every test worker.
import { startTestCluster } from '@flux/db/testing';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL || undefined;
  const cluster = await startTestCluster(url);
  project.provide('pgServerUrl', cluster.serverUrl);
  project.provide('pgTemplate', cluster.template);
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  return () => cluster.teardown();
}
