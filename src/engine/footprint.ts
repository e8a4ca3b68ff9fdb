import type { World } from './world.ts';

/** Bytes held by a world's typed arrays: every column, the graph, standing and day buffers. */
export function worldBytes(world: World): number {
  let bytes = 0;
  const seen = new Set<ArrayBufferLike>();
  const visit = (value: unknown, depth: number) => {
    if (ArrayBuffer.isView(value)) {
      if (!seen.has(value.buffer)) {
        seen.add(value.buffer);
        bytes += value.buffer.byteLength;
      }
    } else if (value && typeof value === 'object' && depth < 4 && value !== world.scenario) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  visit(world, 0);
  return bytes;
}
