import { scenarioJsonSchema } from '../scenario/json-schema.ts';
import { scenarioSchema } from '../scenario/schema.ts';
import { fieldsFor } from '../policy/fields.ts';

interface Node {
  type?: string;
  default?: unknown;
  unit?: string;
  source?: string;
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

/**
 * docs/parameters.md: every scenario field with its default, unit, bounds and source, generated
 * from the schema so the reference can never drift from the code.
 */
export function parameterReference(): string {
  const root = JSON.parse(scenarioJsonSchema()) as Node;
  const sections: string[] = [];
  const rows: string[] = [];
  const flush = (title: string) => {
    if (rows.length) sections.push(`## ${title}\n\n| field | default | unit | bounds | meaning | source |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
    rows.length = 0;
  };
  const cell = (v: unknown) =>
    String(v ?? '')
      .replaceAll('|', '\\|')
      .replaceAll('\n', ' ');
  const show = (v: unknown) => (v === undefined ? '' : `\`${JSON.stringify(v)}\``);
  const bounds = (n: Node & { exclusiveMinimum?: number }) =>
    [
      n.minimum !== undefined ? `>= ${n.minimum}` : n.exclusiveMinimum !== undefined ? `> ${n.exclusiveMinimum}` : '',
      n.maximum !== undefined && n.maximum < Number.MAX_SAFE_INTEGER ? `<= ${n.maximum}` : '',
    ]
      .filter(Boolean)
      .join(', ');
  const walk = (node: Node, path: string) => {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      const here = path ? `${path}.${key}` : key;
      if (child.type === 'object' && child.properties) walk(child, here);
      else rows.push(`| \`${here}\` | ${cell(show(child.default))} | ${cell(child.unit)} | ${cell(bounds(child))} | ${cell(child.description)} | ${cell(child.source)} |`);
    }
  };
  const top = Object.entries(root.properties ?? {});
  walk({ properties: Object.fromEntries(top.filter(([, c]) => !(c.type === 'object' && c.properties))) }, '');
  flush('Top level');
  for (const [key, child] of top) {
    if (!(child.type === 'object' && child.properties)) continue;
    walk(child, key);
    flush(`\`${key}\``);
  }
  return `${header()}

${sections.join('\n')}
${fieldReference()}`;
}

/** The fields policy expressions can read, for citizens and for companies. */
function fieldReference(): string {
  const placeholder = (subjects: 'citizens' | 'companies') => ({ id: 'placeholder', subjects, base: 0, min: 0, max: 1, tiers: [{ name: 't', min: 0 }] });
  const scenarioFor = (subjects: 'citizens' | 'companies') =>
    scenarioSchema.parse({ scorers: [placeholder(subjects)], lists: [{ id: 'placeholder-list', subjects, enter: subjects === 'citizens' ? 'judgment_defaulted' : 'tax_arrears' }] });
  const table = (kind: 'citizens' | 'companies') =>
    Object.entries(fieldsFor(kind, scenarioFor(kind)))
      .map(([name, f]) => {
        const shown = name.replace('scores.placeholder', 'scores.<scorer>').replace('listed.placeholder-list', 'listed.<list>');
        const meaning = (f.description ?? '').replace('with placeholder', 'with that scorer').replace('on placeholder-list', 'on that list');
        const type = f.type.kind === 'enum' ? f.type.values.map((v) => `"${v}"`).join(', ') : f.type.kind;
        return `| \`${shown}\` | ${type} | ${meaning} |`;
      })
      .join('\n');
  return `## Fields a policy expression can read

Rules' \`when\` conditions, dimensions' \`value\` and lists' entry conditions are expressions over
these fields (a dimension's \`value\` reads the subject only, not \`event.*\`). The language is
described in [scenarios.md](scenarios.md#conditions).

### About a citizen

| field | type or values | meaning |
|---|---|---|
${table('citizens')}

### About a company

| field | type or values | meaning |
|---|---|---|
${table('companies')}
`;
}

function header(): string {
  return `# Scenario parameters

Generated from the scenario schema (\`src/scenario/schema.ts\`) by \`npm run schema\`; do not edit by
hand. Every field is optional: a scenario file sets only what it changes. Sources marked [U] are
assumptions of this model, not findings: change them and see what follows. Scorers, lists and gates
are described in [scenarios.md](scenarios.md).`;
}
