import type { SpanWorld } from '../world.ts';
import { EventType } from '../core/events.ts';
import { pick } from '../population/create.ts';
import { emit } from './emit.ts';

/** A citizen leaves their employer, whatever the cause: the company's head count is kept atomically. */
export function leaveEmployer(world: SpanWorld, i: number): void {
  const c = world.pop.citizens;
  if (c.employer[i] < 0) return;
  Atomics.sub(world.pop.companies.employees, c.employer[i], 1);
  c.employer[i] = -1;
}

/** A citizen leaves their job, for a cause of JOB_LOSS_CAUSES; the company's head count is kept atomically, as other threads may lay off at the same firm. */
export function loseJob(world: SpanWorld, i: number, cause: number): void {
  const c = world.pop.citizens;
  if (c.employer[i] < 0) return;
  leaveEmployer(world, i);
  emit(world, EventType.job_lost, i, c.home[i], cause);
}

/** Take a job at a company drawn by size (bigger firms hire more), as at the start; the head count kept atomically, as other threads may hire at the same firm. */
export function hire(world: SpanWorld, i: number, u: number): void {
  const { pop } = world;
  const c = pop.citizens;
  if (c.employer[i] >= 0) return;
  const employer = pick(pop.hiring, u * pop.hiring[pop.hiring.length - 1]);
  c.employer[i] = employer;
  Atomics.add(pop.companies.employees, employer, 1);
}
