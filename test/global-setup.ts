// Starts the test PostgreSQL once per run and hands its address to every test worker.
import { installJobSchema } from '@flux/api';
import { startTestCluster } from '@flux/db/testing';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL || undefined;
  // The template also gets pg-boss's schema and queues, so every test database has them.
  const cluster = await startTestCluster(url, installJobSchema);
  project.provide('pgServerUrl', cluster.serverUrl);
  project.provide('pgTemplate', cluster.template);
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  return () => cluster.teardown();
}
