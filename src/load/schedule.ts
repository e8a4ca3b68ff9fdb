import type { Scenario } from '../scenario/schema.ts';
import { checkPolicy } from '../policy/check.ts';
import { applyChanges, ordered, type ScheduleIssue } from '../scenario/schedule.ts';

/**
 * What is wrong with a scenario's schedule: a change past the run, a field that does not exist or
 * cannot change, a value the schema refuses (a run shortened from the command line, `shortened`,
 * simply ends before its later changes), or a policy that no longer holds together (each
 * change is checked with all those before it), or a change of the policy's shape (scorers, lists
 * and gates are added or removed with from/until, not by a schedule).
 */
export function checkSchedule(s: Scenario, shortened = false): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  s.schedule.forEach((c, k) => {
    if (c.day >= s.days && !shortened) issues.push({ path: ['schedule', k, 'day'], message: `day ${c.day} is past the run's last day (${s.days - 1})` });
  });
  if (issues.length) return issues;
  const order = ordered(s);
  for (let n = 1; n <= order.length; n++) {
    const { scenario, issues: found } = applyChanges(s, n);
    if (found.length) return found;
    const at = ['schedule', order[n - 1], 'set'];
    const day = s.schedule[order[n - 1]].day;
    const policy = checkPolicy(scenario);
    if (policy.length) return policy.map((i) => ({ path: at, message: `on day ${day}, ${i.path.join('.')}: ${i.message}` }));
    for (const part of ['scorers', 'lists', 'gates'] as const) {
      if (scenario[part].length !== s[part].length)
        issues.push({ path: at, message: `a change cannot add or remove ${part} (${s[part].length} -> ${scenario[part].length}); give a gate or rule from/until days instead` });
    }
    scenario.scorers.forEach((sc, i) => {
      if (sc.id !== s.scorers[i].id || sc.subjects !== s.scorers[i].subjects || sc.aggregation !== s.scorers[i].aggregation)
        issues.push({ path: at, message: `scorer ${i} keeps its id, subjects and aggregation during a run` });
      if (sc.dimensions.length !== s.scorers[i].dimensions.length || sc.rules.length !== s.scorers[i].rules.length)
        issues.push({ path: at, message: `scorer ${sc.id} keeps its number of rules and dimensions during a run` });
      sc.rules.forEach((r, j) => {
        const was = s.scorers[i].rules[j];
        if ((r.cooldownDays ?? 0) > 0 !== (was.cooldownDays ?? 0) > 0 || (r.cap === undefined) !== (was.cap === undefined)) {
          issues.push({ path: at, message: `rule ${j} of ${sc.id} keeps having (or not having) a cooldown and a yearly cap during a run; their values may change` });
        }
      });
      if (JSON.stringify(sc.cities) !== JSON.stringify(s.scorers[i].cities)) issues.push({ path: at, message: `scorer ${sc.id} runs in the same cities all run long` });
      if (s.scorers[i].enrolment === 1 && sc.enrolment < 1) issues.push({ path: at, message: `scorer ${sc.id} enrols everyone from the start and cannot enrol fewer later` });
    });
    scenario.lists.forEach((l, i) => {
      if (l.id !== s.lists[i].id || l.subjects !== s.lists[i].subjects) issues.push({ path: at, message: `list ${i} keeps its id and subjects during a run` });
    });
    if (issues.length) return issues;
  }
  return issues;
}
