/** The scheduler (server/jobs): started when the app is ready, stopped (runs finished) when it closes. */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EngineLeaseRepository } from '../../db/leases.ts';
import { portalJobs } from '../jobs/index.ts';
import { Scheduler } from '../jobs/scheduler.ts';

declare module 'fastify' {
  interface FastifyInstance { scheduler: Scheduler }
}

export default fp(async (app: FastifyInstance, opts: { start: boolean }) => {
  const scheduler = new Scheduler(new EngineLeaseRepository(app.engine), app.log);
  for (const job of portalJobs(app)) scheduler.add(job);
  app.decorate('scheduler', scheduler);
  if (opts.start) app.addHook('onReady', async () => scheduler.start());
  // Before the database closes (hooks run in reverse order of registration).
  app.addHook('onClose', async () => scheduler.stop());
}, { name: 'jobs', dependencies: ['database'] });
