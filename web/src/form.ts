import { text } from './api.ts';

/** A node of the scenario's JSON Schema (as z.toJSONSchema writes it), as far as the form reads it. */
export interface SchemaNode {
  type?: string;
  description?: string;
  unit?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: (string | number)[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  prefixItems?: SchemaNode[];
}

type Value = unknown;

interface Field {
  path: string;
  node: SchemaNode;
  initial: Value;
  read(): Value;
  /** a message when the value breaks the schema's bounds, else '' */
  check(): string;
  error: HTMLElement;
  focus(): void;
}

/** Paths the page sets elsewhere (the run's size and its text), or that only a YAML file uses (a scenario built on another): the form leaves them out. */
const ELSEWHERE = new Set(['name', 'description', 'days', 'population.citizens', 'extends', 'set']);

const idOf = (path: string) => `f-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
const words = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();

/** Bounds of a number, as the schema gives them, in words and as a check. */
function numberCheck(node: SchemaNode, raw: string): string {
  if (raw.trim() === '') return 'a number is needed';
  const v = Number(raw);
  if (!Number.isFinite(v)) return 'not a number';
  if (node.type === 'integer' && !Number.isInteger(v)) return 'a whole number is needed';
  if (node.minimum !== undefined && v < node.minimum) return `at least ${node.minimum}`;
  if (node.maximum !== undefined && v > node.maximum) return `at most ${node.maximum}`;
  if (node.exclusiveMinimum !== undefined && v <= node.exclusiveMinimum) return `more than ${node.exclusiveMinimum}`;
  if (node.exclusiveMaximum !== undefined && v >= node.exclusiveMaximum) return `less than ${node.exclusiveMaximum}`;
  return '';
}

/**
 * The scenario form, generated from the JSON Schema: a <details> a section, a field a parameter
 * (numbers with the schema's bounds, enums as selects, booleans as checkboxes, lists of numbers as
 * text), each with its description and unit as a hint and its validation message beside it.
 * Lists of objects (scorers, lists, gates, groups) are left to the YAML editor.
 */
export function scenarioForm(container: HTMLElement, schema: SchemaNode, values: Record<string, Value>) {
  const fields: Field[] = [];
  const at = (obj: unknown, key: string) => (obj !== null && typeof obj === 'object' ? (obj as Record<string, Value>)[key] : undefined);

  const control = (path: string, key: string, node: SchemaNode, value: Value): HTMLElement | null => {
    if (ELSEWHERE.has(path)) return null;
    const id = idOf(path);
    const wrap = document.createElement('div');
    wrap.className = 'field';
    const label = text('label', words(key)) as HTMLLabelElement;
    label.htmlFor = id;
    const hint = text('small', [node.description, node.unit && `(${node.unit})`].filter(Boolean).join(' '), 'hint');
    hint.id = `${id}-hint`;
    const error = text('span', '', 'field-error');
    error.id = `${id}-error`;
    error.setAttribute('aria-live', 'polite');
    let input: HTMLInputElement | HTMLSelectElement;
    let read: () => Value;
    let check = () => '';
    if (node.type === 'boolean') {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = value === true;
      read = () => box.checked;
      input = box;
      wrap.classList.add('check');
    } else if (node.enum) {
      const select = document.createElement('select');
      select.append(...node.enum.map((v) => new Option(String(v), String(v), v === value, v === value)));
      read = () => node.enum!.find((v) => String(v) === select.value);
      input = select;
    } else if (node.type === 'number' || node.type === 'integer') {
      const num = document.createElement('input');
      num.type = 'number';
      num.step = node.type === 'integer' ? '1' : 'any';
      if (node.minimum !== undefined) num.min = String(node.minimum);
      if (node.maximum !== undefined && node.maximum < 1e15) num.max = String(node.maximum);
      num.value = value === undefined || value === null ? '' : String(value);
      read = () => (num.value.trim() === '' ? undefined : Number(num.value));
      check = () => numberCheck(node, num.value);
      input = num;
    } else if (node.type === 'array' && (node.items?.type === 'number' || node.items?.type === 'integer' || node.prefixItems)) {
      const list = document.createElement('input');
      list.type = 'text';
      list.value = Array.isArray(value) ? value.join(', ') : '';
      read = () => (list.value.trim() === '' ? [] : list.value.split(',').map((x) => Number(x.trim())));
      check = () => {
        const parts = list.value.trim() === '' ? [] : list.value.split(',');
        const item = (k: number) => node.prefixItems?.[k] ?? node.items ?? {};
        for (const [k, p] of parts.entries()) {
          const m = numberCheck(item(k), p);
          if (m) return `item ${k + 1}: ${m}`;
        }
        return node.prefixItems && parts.length !== node.prefixItems.length ? `${node.prefixItems.length} numbers, comma-separated` : '';
      };
      hint.textContent += ' — numbers, comma-separated';
      input = list;
    } else if (node.type === 'array' && node.items?.enum) {
      // a set of choices: a checkbox each, in a group named by its legend
      const set = document.createElement('fieldset');
      set.className = 'choices';
      set.append(text('legend', words(key)));
      const chosen = new Set(Array.isArray(value) ? value : []);
      const boxes = node.items.enum.map((v) => {
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.id = `${id}-${v}`;
        box.checked = chosen.has(v);
        const l = text('label', String(v).replace(/_/g, ' ')) as HTMLLabelElement;
        l.htmlFor = box.id;
        const row = document.createElement('span');
        row.append(box, l);
        set.append(row);
        return [v, box] as const;
      });
      set.setAttribute('aria-describedby', hint.id);
      set.append(hint, error);
      fields.push({ path, node, initial: value, read: () => boxes.filter(([, b]) => b.checked).map(([v]) => v), check, error, focus: () => boxes[0]?.[1].focus() });
      return set;
    } else if (node.type === 'string') {
      const str = document.createElement('input');
      str.type = 'text';
      str.value = typeof value === 'string' ? value : '';
      read = () => (str.value === '' ? undefined : str.value);
      input = str;
    } else return null; // lists of objects: the YAML editor
    input.id = id;
    input.name = path;
    input.setAttribute('aria-describedby', `${hint.id} ${error.id}`);
    const validate = () => {
      const message = check();
      error.textContent = message;
      input.setAttribute('aria-invalid', message ? 'true' : 'false');
      return message;
    };
    input.addEventListener('input', validate);
    input.addEventListener('change', validate);
    wrap.append(label, input, hint, error);
    fields.push({ path, node, initial: value, read, check: validate, error, focus: () => input.focus() });
    return wrap;
  };

  const group = (path: string, node: SchemaNode, value: Value, depth: number): HTMLElement[] =>
    Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
      const p = path ? `${path}.${key}` : key;
      if (child.type === 'object' && child.properties) {
        const inner = group(p, child, at(value, key), depth + 1);
        if (!inner.length) return [];
        const set = document.createElement(depth === 0 ? 'details' : 'fieldset');
        set.className = 'section';
        const title = depth === 0 ? text('summary', key) : text('legend', words(key));
        set.append(title);
        if (child.description) set.append(text('p', child.description, 'hint'));
        const body = document.createElement('div');
        body.className = 'fields';
        body.append(...inner);
        set.append(body);
        return [set];
      }
      const c = control(p, key, child, at(value, key));
      return c ? [c] : [];
    });

  const top = group('', schema, values, 0);
  // top-level scalars (the seed) go in a section of their own, ahead of the others
  const loose = top.filter((el) => el.tagName !== 'DETAILS');
  const general = document.createElement('details');
  general.className = 'section';
  general.append(text('summary', 'general'));
  const body = document.createElement('div');
  body.className = 'fields';
  body.append(...loose);
  general.append(body);
  container.replaceChildren(general, ...top.filter((el) => el.tagName === 'DETAILS'));

  return {
    /** check every field; the first bad one is opened and focused */
    validate(): boolean {
      const bad = fields.filter((f) => f.check());
      if (bad.length) {
        const d = bad[0].error.closest('details');
        if (d) d.open = true;
        bad[0].focus();
      }
      return bad.length === 0;
    },
    /** the values changed from the scenario's, as dotted paths */
    overrides(): Record<string, Value> {
      const out: Record<string, Value> = {};
      for (const f of fields) {
        const v = f.read();
        if (JSON.stringify(v) !== JSON.stringify(f.initial)) out[f.path] = v;
      }
      return out;
    },
    /** show the server's issues next to their fields; returns the issues no field took */
    showIssues(issues: { path: string; message: string }[]): { path: string; message: string }[] {
      for (const f of fields) f.error.textContent = '';
      const left = issues.filter((i) => {
        const f = fields.find((x) => x.path === i.path);
        if (!f) return true;
        f.error.textContent = i.message;
        const d = f.error.closest('details');
        if (d) d.open = true;
        return false;
      });
      fields.find((f) => f.error.textContent)?.focus();
      return left;
    },
  };
}

export type ScenarioForm = ReturnType<typeof scenarioForm>;
