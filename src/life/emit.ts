import type { World } from '../engine/world.ts';
import { reserve } from '../engine/buffer.ts';

/** Append one act to today's events. */
export function emit(world: World, type: number, actor: number, district: number, value: number): void {
  const buf = world.events;
  const i = reserve(buf);
  buf.cols.type[i] = type;
  buf.cols.actor[i] = actor;
  buf.cols.district[i] = district;
  buf.cols.value[i] = value;
}
