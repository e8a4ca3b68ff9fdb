import { loadScenario } from '../../load/scenario.ts';
import { InputError } from '../../scenario/errors.ts';
import type { Calibration } from '../../scenario/calibration-schema.ts';
import type { Scenario } from '../../scenario/schema.ts';
import type { Measure } from '../../scenario/factor-schema.ts';
import { metricNames } from '../factors.ts';

/** A problem of a calibration file beyond its schema, placed at a field of the file. */
export interface CalibrationIssue {
  path: (string | number)[];
  message: string;
}

/**
 * What the schema cannot see: that the scenario loads with `set`, that each prior's range gives
 * values the scenario takes, and that each target names a metric of this scenario within its days.
 */
export function checkCalibration(c: Calibration, base: string): CalibrationIssue[] {
  const fixed = { ...c.set, 'output.sampleRate': 0 };
  let scenario: Scenario;
  try {
    scenario = loadScenario(base, fixed).scenario;
  } catch (error) {
    return issuesOf(error, (path) => (path in c.set ? ['set', path] : ['scenario']));
  }
  const issues: CalibrationIssue[] = [];
  c.priors.forEach((p, i) => {
    // the ends of the prior's range (a normal without them: three standard deviations out)
    const ends = { from: p.from ?? p.mean! - 3 * p.sd!, to: p.to ?? p.mean! + 3 * p.sd! };
    for (const [end, value] of Object.entries(ends)) {
      try {
        loadScenario(base, { ...fixed, [p.field]: p.integer ? Math.round(value) : value });
      } catch (error) {
        const at = p.from === undefined && p.to === undefined ? 'field' : end;
        const placed = issuesOf(error, (path, message) => ['priors', i, path === p.field && !message.startsWith('unknown field') ? at : 'field']);
        issues.push(...placed.map((x) => ({ ...x, message: x.message.startsWith('unknown field') ? `${p.field}: ${x.message}` : `${p.field} = ${value}: ${x.message}` })));
        return;
      }
    }
  });
  const names = metricNames(scenario);
  const check = (m: Measure, path: (string | number)[]) => {
    if (names && !names.metrics.has(m.metric) && !(names.audit.has(m.metric) && !m.window)) {
      const near = [...names.metrics, ...names.audit].filter((n) => n.split('.')[0] === m.metric.split('.')[0] || n.includes(m.metric)).slice(0, 6);
      issues.push({ path: [...path, 'metric'], message: `no metric "${m.metric}" in this scenario${near.length ? `; did you mean one of ${near.join(', ')}?` : ' (docs/metrics.md lists them)'}` });
    }
    if (m.window && m.window[1] >= scenario.days) issues.push({ path: [...path, 'window'], message: `the window ends on day ${m.window[1]}, after the run's last day (${scenario.days - 1})` });
  };
  c.targets.forEach((t, i) => {
    check(t, ['targets', i]);
    if (t.per) check(t.per, ['targets', i, 'per']);
  });
  return issues;
}

/** The issues of a scenario refused with overrides, placed by `at` from the field path the loader named. */
function issuesOf(error: unknown, at: (path: string, message: string) => (string | number)[]): CalibrationIssue[] {
  if (!(error instanceof InputError)) throw error;
  return error.issues.map((i) => {
    const message = i.message.replace(/ \(from the command line\)$/, '');
    const path = at(i.path ?? '', message);
    // a problem of the scenario itself, not of a field this file sets: say where it is
    const where = path[0] === 'scenario' && i.file ? ` (${[i.file, i.line].filter((x) => x !== undefined).join(':')})` : '';
    return { path, message: `${i.path && path[0] === 'scenario' ? `${i.path}: ` : ''}${message}${where}` };
  });
}
