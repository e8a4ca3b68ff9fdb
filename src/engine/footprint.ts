import type { World } from '../world.ts';

/** The day's tables: rows written and read within a day, not state carried between days. */
const DAY_TABLES = new Set<keyof World>(['events', 'observations', 'scoreChanges', 'listChanges', 'decisions', 'displays', 'ties', 'appeals', 'pendingAppeals', 'appealDecisions']);

/** Bytes held by a world's typed arrays: every column, the graph, standing and, unless left out, the day tables. */
export function worldBytes(world: World, options: { dayTables?: boolean } = {}): number {
  let bytes = 0;
  const seen = new Set<ArrayBufferLike>();
  const visit = (value: unknown, depth: number) => {
    if (ArrayBuffer.isView(value)) {
      if (!seen.has(value.buffer)) {
        seen.add(value.buffer);
        bytes += value.buffer.byteLength;
      }
    } else if (value && typeof value === 'object' && depth < 8 && value !== world.scenario) {
      for (const v of Object.values(value)) visit(v, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(world)) if (options.dayTables !== false || !DAY_TABLES.has(name as keyof World)) visit(value, 1);
  return bytes;
}
