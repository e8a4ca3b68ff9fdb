import * as z from 'zod';
import { citizenName } from './names.ts';
import type { CitizenRow } from './view-types.ts';
import { queryRun } from '../index.ts';

/** What the dashboard can search citizens by: a name, a district, or who fared worst. */
export const citizenQuery = z.strictObject({
  name: z.string().trim().max(60).optional().describe('part of a synthetic name, any case'),
  district: z.coerce.number().int().min(0).max(65535).optional(),
  filter: z.enum(['all', 'listed', 'penalised', 'wrongful', 'denied', 'onscreen', 'lowest']).default('all'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0).describe('citizens skipped: a page of results starts here'),
});
export type CitizenQuery = z.infer<typeof citizenQuery>;

const quote = (column: string) => `"${column.replace(/"/g, '""')}"`;

/**
 * Find citizens of a stored run: by name (names are made from ids, so every id is checked),
 * district, and a filter (on a list, below their starting score, wrongly penalised, denied, on the
 * public screen on the last day, or the lowest scores first).
 */
export async function searchCitizens(dir: string, q: CitizenQuery): Promise<{ scorer: string | null; scorerLabel: string | null; total: number; offset: number; citizens: CitizenRow[] }> {
  const [run] = await queryRun(dir, 'SELECT days, citizens, scenario_resolved FROM run');
  const scenario = JSON.parse(String(run.scenario_resolved)) as { scorers: { id: string; label?: string; subjects?: string; base?: number }[]; lists: { id: string; label?: string }[] };
  const listLabel = (id: string) => scenario.lists.find((l) => l.id === id)?.label ?? id.replace(/[_-]+/g, ' ');
  const columns = new Set((await queryRun(dir, `SELECT column_name FROM information_schema.columns WHERE table_name = 'citizens'`)).map((r) => String(r.column_name)));
  const scorers = scenario.scorers.filter((s) => columns.has(`score_${s.id}`));
  const lists = [...columns].filter((c) => c.startsWith('listed_'));
  const first = scorers[0]?.id ?? null;
  const last = Number(run.days) - 1;
  const where: string[] = [];
  if (q.district !== undefined) where.push(`home = ${q.district}`);
  if (q.name) {
    const needle = q.name.toLowerCase();
    const ids: number[] = [];
    for (let id = 0; id < Number(run.citizens) && ids.length < 5000; id++) if (citizenName(id).toLowerCase().includes(needle)) ids.push(id);
    where.push(ids.length ? `id IN (${ids.join(',')})` : 'false');
  }
  const filters: Record<CitizenQuery['filter'], string | null> = {
    all: null,
    lowest: first ? `${quote(`score_${first}`)} IS NOT NULL` : null,
    listed: lists.length ? `(${lists.map((l) => `${quote(l)}`).join(' OR ')})` : 'false',
    penalised: scorers.some((s) => s.base !== undefined)
      ? `(${scorers
          .filter((s) => s.base !== undefined)
          .map((s) => `${quote(`score_${s.id}`)} < ${Number(s.base)}`)
          .join(' OR ')})`
      : 'false',
    wrongful: 'wrongfulPenalties > 0',
    denied: 'denials > 0',
    onscreen: `shownUntil >= ${last}`,
  };
  const filter = filters[q.filter];
  if (filter) where.push(filter);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const order = q.filter === 'lowest' && first ? `${quote(`score_${first}`)} ASC, id` : q.filter === 'wrongful' ? 'wrongfulPenalties DESC, id' : 'id';
  const score = first ? `${quote(`score_${first}`)} AS score, ${quote(`tier_${first}`)} AS tier` : 'NULL AS score, NULL AS tier';
  const listed = lists.length ? lists.map(quote).join(', ') + ',' : '';
  const [count] = await queryRun(dir, `SELECT count(*) AS n FROM citizens ${clause}`);
  const rows = await queryRun(
    dir,
    `SELECT id, home, group_name, ${score}, ${listed} wrongfulPenalties, denials, shownUntil FROM citizens ${clause} ORDER BY ${order} LIMIT ${q.limit} OFFSET ${q.offset}`,
  );
  return {
    scorer: first,
    scorerLabel: scorers[0] ? (scorers[0].label ?? first) : null,
    total: Number(count.n),
    offset: q.offset,
    citizens: rows.map((r) => ({
      id: Number(r.id),
      name: citizenName(Number(r.id)),
      district: Number(r.home),
      group: String(r.group_name),
      score: r.score === null ? null : Number(r.score),
      tier: r.tier === null ? null : String(r.tier),
      listed: lists.filter((l) => r[l] === true).map((l) => l.slice('listed_'.length)),
      listedAs: lists.filter((l) => r[l] === true).map((l) => listLabel(l.slice('listed_'.length))),
      wrongfulPenalties: Number(r.wrongfulPenalties),
      denials: Number(r.denials),
      onScreen: Number(r.shownUntil) >= last,
    })),
  };
}
