/**
 * Background work in one place: each job has a cron schedule (croner) and a lease, so with several
 * processes on one database a job runs once per turn, in whichever process takes the lease first.
 * `tick` is what the clock calls; tests call it directly with their own time.
 */
import { Cron } from 'croner';
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { LeaseRepository } from '../../db/leases.ts';

export interface Job {
  name: string;
  /** Cron pattern with seconds (croner): e.g. '*\/10 * * * * *' every ten seconds. */
  schedule: string;
  /** How long one turn's lease lasts: shorter than the interval, longer than a run. */
  leaseSeconds: number;
  run(now: Date): Promise<void>;
}

export class Scheduler {
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  readonly #leases: LeaseRepository;
  readonly #log: FastifyBaseLogger;
  readonly #jobs = new Map<string, Job>();
  readonly #crons: Cron[] = [];
  readonly #running = new Set<Promise<unknown>>();

  constructor(leases: LeaseRepository, log: FastifyBaseLogger) {
    this.#leases = leases;
    this.#log = log;
  }

  add(job: Job): void {
    if (this.#jobs.has(job.name)) throw new Error(`Job ${job.name} is added twice`);
    this.#jobs.set(job.name, job);
  }

  start(): void {
    for (const job of this.#jobs.values()) {
      // protect: a run still going when the next is due is not started twice in this process.
      this.#crons.push(new Cron(job.schedule, { protect: true, name: job.name }, async () => { await this.tick(job.name); }));
    }
  }

  /** One turn of a job: run it if this process takes the lease. Whether it ran. */
  async tick(name: string, now = new Date()): Promise<boolean> {
    const job = this.#jobs.get(name);
    if (!job) throw new Error(`No job ${name}`);
    const run = (async () => {
      if (!(await this.#leases.acquire(name, this.holder, new Date(now.getTime() + job.leaseSeconds * 1000), now))) return false;
      try {
        await job.run(now);
        await this.#leases.ran(name, this.holder, new Date());
      } catch (err) {
        this.#log.error({ job: name, err }, 'Scheduled job failed');
      }
      return true;
    })();
    this.#running.add(run);
    try {
      return await run;
    } finally {
      this.#running.delete(run);
    }
  }

  jobs(): string[] { return [...this.#jobs.keys()]; }

  /** Stops the clock and waits for runs in progress (shutdown). */
  async stop(): Promise<void> {
    for (const cron of this.#crons.splice(0)) cron.stop();
    await Promise.allSettled([...this.#running]);
  }
}
