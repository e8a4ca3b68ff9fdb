import * as z from 'zod';
import { HttpError, sendJson, readJson, type Route } from './http.ts';
import { citizenName } from './names.ts';
import { whatIf, readRun, InputError, formatIssue, EVENT_ID } from '../index.ts';

/** What a what-if may remove: every wrongful attribution, nothing (a check), or up to 50 events by id. */
const body = z.strictObject({
  without: z
    .union([z.enum(['wrongful', 'none']), z.array(z.string().regex(EVENT_ID, 'an event id, DAY:ROW')).min(1).max(50)])
    .default('wrongful')
    .describe('"wrongful", "none", or event ids from the answer\'s attributions'),
});

/**
 * `POST /api/runs/:id/citizens/:cid/whatif`: one citizen's counterfactual life (experiment/whatif.ts),
 * answered when both replays are done. The body is `{ without: "wrongful" | "none" | ["DAY:ROW", ...] }`
 * (default "wrongful"); the answer is the WhatIf with the citizen's synthetic name. A run larger
 * than the API would run is refused (400), as is a second what-if while one is computed (429).
 */
export function whatifRoute(runDir: (id: string) => string, limits: { citizens: number; days: number }): Route {
  let busy = false;
  return [
    'POST',
    /^\/api\/runs\/([^/]+)\/citizens\/(\d{1,9})\/whatif$/,
    async (req, res, [id, cid]) => {
      const parsed = body.safeParse(await readJson(req));
      if (!parsed.success) throw new HttpError(400, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      const dir = runDir(id);
      const stored = await readRun(dir);
      const citizen = Number(cid);
      if (citizen >= stored.citizens) throw new HttpError(404, `no citizen ${citizen} in run ${id}: ids go from 0 to ${stored.citizens - 1}`);
      if (stored.citizens > limits.citizens || stored.days > limits.days)
        throw new HttpError(
          400,
          `run ${id} has ${stored.citizens} citizens and ${stored.days} days: what-ifs here are limited to ${limits.citizens} citizens and ${limits.days} days (use credence whatif)`,
        );
      if (busy) throw new HttpError(429, 'a what-if is being computed: wait for it to finish');
      busy = true;
      try {
        sendJson(res, 200, { ...(await whatIf(dir, citizen, { without: parsed.data.without })), name: citizenName(citizen) });
      } catch (error) {
        if (error instanceof InputError) throw new HttpError(400, error.issues.map(formatIssue).join('; '));
        throw error;
      } finally {
        busy = false;
      }
    },
  ];
}
