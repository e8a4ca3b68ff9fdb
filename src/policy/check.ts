import type { Scenario } from '../scenario/schema.ts';
import { kindOfEvent, type EventTypeName } from '../core/events.ts';
import { compileExpression, ExpressionError } from './expression.ts';
import { fieldsFor } from './fields.ts';

type Path = (string | number)[];

/** A problem the policy check found: where in the scenario, what, and for an expression the character offset in its text. */
export interface PolicyIssue {
  path: Path;
  message: string;
  offset?: number;
}

/**
 * Checks across the policy that a schema alone cannot make: references between scorers, lists
 * and gates, tiers in order and reachable, event types of the right subject kind, and every
 * expression parsed and type-checked (its errors carry the character offset, for the line).
 */
export function checkPolicy(s: Scenario): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const issue = (path: Path, message: string, offset?: number) => issues.push({ path, message, offset });
  const fields = { citizens: fieldsFor('citizens', s), companies: fieldsFor('companies', s) };
  const stateFields = { citizens: fieldsFor('citizens', s, false), companies: fieldsFor('companies', s, false) };
  const expression = (path: Path, text: string | undefined, kind: 'citizens' | 'companies', expect: 'boolean' | 'number') => {
    if (text === undefined) return;
    try {
      compileExpression(text, (expect === 'number' ? stateFields : fields)[kind], expect);
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      issue(path, e.message, e.offset);
    }
  };
  const eventsOf = (path: Path, names: EventTypeName[], kind: 'citizens' | 'companies') => {
    for (const name of names) if (kindOfEvent(name) !== kind) issue(path, `${name} is done by ${kindOfEvent(name)}, but this policy scores ${kind}`);
  };
  const scorerIds = new Map(s.scorers.map((sc, i) => [sc.id, i]));
  const listIds = new Map(s.lists.map((l, i) => [l.id, i]));
  const cityNames = s.city.cities.map((c) => c.name);

  s.scorers.forEach((sc, i) => {
    const at = (...rest: Path): Path => ['scorers', i, ...rest];
    if (sc.min >= sc.max) issue(at('max'), `max ${sc.max} must be above min ${sc.min}`);
    sc.cities?.forEach((name, j) => {
      if (!cityNames.includes(name)) issue(at('cities', j), `no city named "${name}" (cities: ${cityNames.join(', ')})`);
    });
    if (sc.aggregation === 'dimensions') {
      if (sc.dimensions.length === 0) issue(at('dimensions'), 'a dimensions scorer needs at least one dimension');
      if (sc.dimensions.every((d) => d.weight === 0)) issue(at('dimensions'), 'dimension weights must not all be zero');
      if (sc.base !== undefined) issue(at('base'), 'a dimensions scorer starts from its dimensions’ baselines: base is not used');
    } else {
      if (sc.base === undefined) issue(at(), `a ${sc.aggregation} scorer needs a base`);
      else if (!(sc.min <= sc.base && sc.base <= sc.max)) issue(at('base'), `base ${sc.base} must lie within [min ${sc.min}, max ${sc.max}]`);
      if (sc.dimensions.length) issue(at('dimensions'), `only a dimensions scorer has dimensions (this one aggregates ${sc.aggregation})`);
    }
    sc.tiers.forEach((t, j) => {
      if (j > 0 && t.min >= sc.tiers[j - 1].min) issue(at('tiers', j, 'min'), `tiers go from highest to lowest: ${t.min} is not below ${sc.tiers[j - 1].min}`);
      if (t.min > sc.max) issue(at('tiers', j, 'min'), `tier ${t.name} starts at ${t.min}, above the maximum score ${sc.max}: unreachable`);
      if (sc.tiers.findIndex((u) => u.name === t.name) < j) issue(at('tiers', j, 'name'), `the tier name "${t.name}" is used twice`);
    });
    const lowest = sc.tiers[sc.tiers.length - 1];
    if (lowest && lowest.min > sc.min) issue(at('tiers', sc.tiers.length - 1, 'min'), `the lowest tier must start at or below min (${sc.min}), found ${lowest.min}`);
    sc.dimensions.forEach((d, j) => {
      if (d.value !== undefined && d.friends !== undefined) issue(at('dimensions', j), 'a dimension is computed from value or from friends, not both');
      if (d.friends !== undefined) {
        const other = scorerIds.get(d.friends);
        if (other === undefined) issue(at('dimensions', j, 'friends'), `no scorer named "${d.friends}"`);
        else if (s.scorers[other].subjects !== 'citizens' || sc.subjects !== 'citizens') issue(at('dimensions', j, 'friends'), 'only citizens have friends');
      }
      expression(at('dimensions', j, 'value'), d.value, sc.subjects, 'number');
    });
    if (sc.aggregation === 'ratings') {
      if (sc.rules.length) issue(at('rules'), 'a ratings scorer takes every observed peer_rating and has no rules');
      if (sc.subjects !== 'citizens') issue(at('subjects'), 'only citizens rate each other');
    }
    sc.rules.forEach((r, j) => {
      eventsOf(at('rules', j, 'on'), Array.isArray(r.on) ? r.on : [r.on], sc.subjects);
      expression(at('rules', j, 'when'), r.when, sc.subjects, 'boolean');
      if (r.capTier !== undefined) {
        if (sc.aggregation !== 'points') issue(at('rules', j, 'capTier'), 'capTier works in points scorers only');
        else if (!sc.tiers.some((t) => t.name === r.capTier)) issue(at('rules', j, 'capTier'), `no tier named "${r.capTier}" in scorer ${sc.id} (tiers: ${sc.tiers.map((t) => t.name).join(', ')})`);
      }
      if (sc.aggregation === 'dimensions') {
        if (r.dimension === undefined) issue(at('rules', j), `rules of a dimensions scorer name their dimension (one of ${sc.dimensions.map((d) => d.id).join(', ')})`);
        else {
          const d = sc.dimensions.find((x) => x.id === r.dimension);
          if (!d) issue(at('rules', j, 'dimension'), `no dimension "${r.dimension}" in scorer ${sc.id} (dimensions: ${sc.dimensions.map((x) => x.id).join(', ')})`);
          else if (d.value !== undefined || d.friends !== undefined) issue(at('rules', j, 'dimension'), `dimension ${d.id} is computed, so events cannot move it`);
        }
      } else if (r.dimension !== undefined) issue(at('rules', j, 'dimension'), `only a dimensions scorer has dimensions (this one aggregates ${sc.aggregation})`);
      if (r.from !== undefined && r.until !== undefined && r.until <= r.from) issue(at('rules', j, 'until'), `the rule would never apply: until ${r.until} is not after from ${r.from}`);
    });
  });

  const seen = new Set<string>();
  [...s.scorers.map((x, i) => ['scorers', i, x.id] as const), ...s.lists.map((x, i) => ['lists', i, x.id] as const)].forEach(([section, i, name]) => {
    if (seen.has(name)) issue([section, i, 'id'], `the id "${name}" is already used by another scorer or list`);
    seen.add(name);
  });

  s.lists.forEach((l, i) => {
    eventsOf(['lists', i, 'enter'], [l.enter.on], l.subjects);
    if (l.exit?.on) eventsOf(['lists', i, 'exit'], [l.exit.on], l.subjects);
    expression(['lists', i, 'enter', 'when'], l.enter.when, l.subjects, 'boolean');
    if (l.exit && l.exit.on === undefined && l.exit.afterDays === 0) issue(['lists', i, 'exit'], 'an exit needs an event (on) or a term (afterDays)');
  });

  const gateIds = new Set<string>();
  s.gates.forEach((g, i) => {
    if (gateIds.has(g.id)) issue(['gates', i, 'id'], `the gate id "${g.id}" is used twice`);
    gateIds.add(g.id);
    expression(['gates', i, 'when'], g.when, 'citizens', 'boolean');
    if (g.notListed !== undefined && !listIds.has(g.notListed)) issue(['gates', i, 'notListed'], `no list named "${g.notListed}" (lists: ${[...listIds.keys()].join(', ') || 'none'})`);
    else if (g.notListed !== undefined) {
      const l = s.lists[listIds.get(g.notListed)!];
      if (l.subjects === 'companies' && !l.restrictsRepresentative) issue(['gates', i, 'notListed'], `${l.id} lists companies and does not restrict their representatives, so it cannot bar a citizen`);
    }
    if ((g.scorer === undefined) !== (g.atLeast === undefined)) issue(['gates', i], 'a gate that reads a score needs both scorer and atLeast');
    if (g.scorer !== undefined) {
      const index = scorerIds.get(g.scorer);
      const sc = index === undefined ? undefined : s.scorers[index];
      if (!sc) issue(['gates', i, 'scorer'], `no scorer named "${g.scorer}" (scorers: ${[...scorerIds.keys()].join(', ') || 'none'})`);
      else if (sc.subjects !== 'citizens') issue(['gates', i, 'scorer'], `gates decide citizens' attempts, but ${g.scorer} scores ${sc.subjects}`);
      else if (g.atLeast !== undefined && !sc.tiers.some((t) => t.name === g.atLeast))
        issue(['gates', i, 'atLeast'], `scorer ${g.scorer} has no tier "${g.atLeast}" (tiers: ${sc.tiers.map((t) => t.name).join(', ')})`);
    }
    if (g.notListed === undefined && g.scorer === undefined) issue(['gates', i], 'a gate must read a list (notListed) or a score (scorer and atLeast)');
  });

  if (s.broker.scorer !== undefined) {
    const index = scorerIds.get(s.broker.scorer);
    if (index === undefined) issue(['broker', 'scorer'], `no scorer named "${s.broker.scorer}" (scorers: ${[...scorerIds.keys()].join(', ') || 'none'})`);
    else if (s.scorers[index].subjects !== 'citizens') issue(['broker', 'scorer'], `lenders price citizens, but ${s.broker.scorer} scores ${s.scorers[index].subjects}`);
  }
  const p = s.population;
  if (s.output.referenceGroup !== undefined && !p.groups.some((g) => g.name === s.output.referenceGroup))
    issue(['output', 'referenceGroup'], `no group named "${s.output.referenceGroup}" (groups: ${p.groups.map((g) => g.name).join(', ')})`);
  if (p.parentAges[0] > p.parentAges[1]) issue(['population', 'parentAges'], `the range [${p.parentAges.join(', ')}] is empty`);
  if (p.minAge > p.maxAge) issue(['population', 'maxAge'], `maxAge ${p.maxAge} is below minAge ${p.minAge}`);
  if (p.groups.reduce((a, g) => a + g.share, 0) <= 0) issue(['population', 'groups'], 'group shares must not all be zero');
  p.groups.forEach((g, i) => {
    if (p.groups.findIndex((h) => h.name === g.name) < i) issue(['population', 'groups', i, 'name'], `the group name "${g.name}" is used twice`);
  });
  return issues;
}
