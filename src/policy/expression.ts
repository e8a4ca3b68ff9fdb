/**
 * A small, safe expression language for scenario policies, e.g.
 *   when:  "event.value > 500 && subject.age < 30"
 *   value: "subject.savings / (subject.wage * 6)"
 *
 * Grammar (lowest precedence first; binary operators are left-associative, `?:` is right-associative):
 *   expr    := or ('?' expr ':' expr)?
 *   or      := and ('||' and)*            and   := eq ('&&' eq)*
 *   eq      := rel (('==' | '!=') rel)*   rel   := in (('<' | '<=' | '>' | '>=') in)*
 *   in      := add ('in' '[' (expr (',' expr)*)? ']')*
 *   add     := mul (('+' | '-') mul)*     mul   := unary (('*' | '/' | '%') unary)*
 *   unary   := ('!' | '-') unary | primary
 *   primary := number | string | 'true' | 'false' | field | fn '(' (expr (',' expr)*)? ')' | '(' expr ')'
 *   field   := name ('.' name)*, which must be a key of `fields`;  fn := min | max | abs | clamp
 *
 * The text is parsed, type-checked and compiled in a single pass straight into nested closures over
 * (source, event, subject), where the source is what fields read (policy/source.ts), so evaluation never touches the text or a syntax tree, and the closures allocate
 * nothing themselves (a condition over typed-array fields runs allocation-free; V8 may still box a
 * fractional number returned from a closure it does not inline). Booleans are 1/0 numbers, enums are
 * integer codes, and string literals exist only at compile time, as enum codes. Sub-expressions made
 * only of literals are folded into constants. Arithmetic is plain JS double arithmetic: division by
 * zero gives Infinity or NaN, and `%` takes the sign of the dividend (-7 % 3 is -1).
 */

import type { FieldSource } from './source.ts';

/** How a field's value is read: numbers as numbers, booleans as 0/1, enums as an integer code (index into `values`). */
export type FieldType = { kind: 'number' } | { kind: 'boolean' } | { kind: 'enum'; values: readonly string[] };
export interface Field {
  type: FieldType;
  /** reads the field for (event row, subject id) from the source the policy is evaluated against */
  read: (source: FieldSource, event: number, subject: number) => number;
  description?: string;
}
/** Keys are dotted paths, e.g. 'event.value', 'subject.age', 'subject.scores.sesame'. */
export type Fields = Record<string, Field>;
/** A compiled expression; booleans come out as 1 or 0, enums as their code. */
export type Compiled = (source: FieldSource, event: number, subject: number) => number;

/** A syntax or type error; `offset` and `length` (0-based characters) locate the offending text. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/** Parse, type-check and compile; `expect` is the type the whole expression must have. Throws ExpressionError. */
export function compileExpression(text: string, fields: Fields, expect: 'boolean' | 'number'): Compiled {
  const v = parse(text, fields);
  if (v.type !== expect) {
    const what = expect === 'boolean' ? 'a boolean condition' : 'a number';
    throw new ExpressionError(`expected ${what}, found ${describe(v)}`, v.at, v.len);
  }
  return v.fn;
}

/** The type an expression has, without compiling (for docs / validation). */
export function typeOf(text: string, fields: Fields): 'boolean' | 'number' | 'enum' {
  return parse(text, fields).type as 'boolean' | 'number' | 'enum';
}

/**
 * The least value of a numeric field for which a condition can hold, read off its text: the
 * greatest K of the conjuncts `field >= K`, `field > K`, `K <= field` or `K < field` standing at
 * the top of a pure conjunction (no `||` or `?:` outside parentheses). -Infinity when there is
 * none: any value may satisfy it, as far as the text says. A strict `>` counts as `>=`, which errs
 * towards letting values through. Used to leave unemitted the acts no condition can read
 * (policy/compile.ts quietBelow).
 * @example lowerBound('event.value >= 10 && subject.age < 30', 'event.value') === 10
 */
export function lowerBound(text: string, field: string): number {
  const tokens = lex(text);
  const conjuncts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'end') break;
    if (t.kind === 'op' && (t.text === '(' || t.text === '[')) depth++;
    else if (t.kind === 'op' && (t.text === ')' || t.text === ']')) depth--;
    else if (depth === 0 && t.kind === 'op' && (t.text === '||' || t.text === '?')) return -Infinity;
    if (depth === 0 && t.kind === 'op' && t.text === '&&') conjuncts.push([]);
    else conjuncts[conjuncts.length - 1].push(t);
  }
  let bound = -Infinity;
  for (const [a, op, b, ...rest] of conjuncts) {
    if (rest.length > 0 || !a || !op || !b || op.kind !== 'op') continue;
    const k =
      a.kind === 'name' && a.text === field && (op.text === '>=' || op.text === '>') && b.kind === 'num'
        ? Number(b.text)
        : b.kind === 'name' && b.text === field && (op.text === '<=' || op.text === '<') && a.kind === 'num'
          ? Number(a.text)
          : -Infinity;
    bound = Math.max(bound, k);
  }
  return bound;
}

// ---------------------------------------------------------------------------------------------
// Lexer

/** `text` is the source of the token, except for strings, where it is the unquoted content. */
interface Token {
  kind: 'num' | 'str' | 'name' | 'op' | 'end';
  text: string;
  at: number;
  len: number;
}

const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/y;
const OPS = ['||', '&&', '==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '%', '!', '?', ':', '(', ')', '[', ']', ','];

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text)?.[0];
  };
  while (i < text.length) {
    const c = text[i];
    let m: string | undefined;
    if (/\s/.test(c)) {
      i++;
    } else if ((m = match(NUMBER))) {
      // "12abc", "1e" or "1.2.3" would otherwise lex as a number followed by something else
      const whole = match(/[\w.]+/y)!;
      if (whole.length > m.length) throw new ExpressionError(`malformed number "${whole}"`, i, whole.length);
      tokens.push({ kind: 'num', text: m, at: i, len: m.length });
      i += m.length;
    } else if ((m = match(NAME) ?? OPS.find((op) => text.startsWith(op, i)))) {
      tokens.push({ kind: /\w/.test(c) ? 'name' : 'op', text: m, at: i, len: m.length });
      i += m.length;
    } else if (c === '"' || c === "'") {
      let j = i + 1,
        s = '';
      for (; j < text.length && text[j] !== c; j++) s += text[j] === '\\' ? (text[++j] ?? '') : text[j];
      if (j >= text.length) throw new ExpressionError('unterminated string', i, text.length - i);
      tokens.push({ kind: 'str', text: s, at: i, len: j + 1 - i });
      i = j + 1;
    } else {
      throw new ExpressionError(`unexpected character "${c}" at ${i}`, i, 1);
    }
  }
  tokens.push({ kind: 'end', text: '', at: text.length, len: 0 });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parser + type checker + code generator, in one pass

type Type = 'number' | 'boolean' | 'enum' | 'string';
/** A stretch of the source text, for error messages. */
interface Span {
  at: number;
  len: number;
}
/** A typed, compiled sub-expression and the span of text it came from. */
interface Value extends Span {
  type: Type;
  fn: Compiled;
  k?: number; // set when the value is a compile-time constant
  values?: readonly string[]; // an enum's value set
  str?: string; // a string literal's content
  label?: string; // the field an enum-typed value came from, for messages
}

const LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '<=', '>', '>='], ['in'], ['+', '-'], ['*', '/', '%']];
const FUNCTIONS: Record<string, [min: number, max: number]> = { min: [1, Infinity], max: [1, Infinity], abs: [1, 1], clamp: [3, 3] };
const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };
/** Bound on nested parentheses, prefix operators and conditionals, so that absurd input fails cleanly instead of overflowing the stack. */
const MAX_DEPTH = 200;
/**
 * Bound on an expression's length: far above any real condition (the longest shipped is under 100
 * characters), and low enough that a chain of operators compiles to closures nested a few hundred
 * deep at most, which evaluate without overflowing the stack.
 */
export const MAX_EXPRESSION_LENGTH = 2000;

/** Constants are folded by evaluating them once; they read no field, so no source is needed. */
const CONSTANTS_READ_NOTHING = undefined as unknown as FieldSource;

const constant = (type: Type, k: number, where: Span): Value => ({ type, fn: () => k, k, at: where.at, len: where.len });
const span = (a: Span, b: Span): Span => ({ at: a.at, len: b.at + b.len - a.at });
const describe = (v: Value) => (v.type === 'enum' ? `an enum (${v.label})` : `a ${v.type}`);
const fail = (message: string, where: Span): never => {
  throw new ExpressionError(message, where.at, where.len);
};

/** Builds a value from its parts, folding it to a constant when every part is one. */
function make(type: Type, fn: Compiled, parts: Value[], where: Span): Value {
  return parts.every((p) => p.k !== undefined) ? constant(type, fn(CONSTANTS_READ_NOTHING, 0, 0), where) : { type, fn, ...where };
}

function need(v: Value, type: 'number' | 'boolean', role: string): Value {
  return v.type === type ? v : fail(`expected a ${type} ${role}, found ${describe(v)}`, v);
}

function parse(text: string, fields: Fields): Value {
  if (text.length > MAX_EXPRESSION_LENGTH) throw new ExpressionError(`expression of ${text.length} characters: at most ${MAX_EXPRESSION_LENGTH}`, 0, text.length);
  const tokens = lex(text);
  let pos = 0,
    depth = 0;
  const peek = () => tokens[pos];
  const is = (t: string) => (peek().kind === 'op' || peek().kind === 'name') && peek().text === t;
  const unexpected = (expected: string): never => {
    const t = peek();
    const what = t.kind === 'end' ? 'end of expression' : `"${text.slice(t.at, t.at + t.len)}"`;
    return fail(`unexpected ${what} at ${t.at} (expected ${expected})`, t);
  };
  const take = (t: string, expected = `"${t}"`) => {
    const tok = peek();
    if (!is(t)) unexpected(expected);
    pos++;
    return tok;
  };
  const list = (close: string): Value[] => {
    const items: Value[] = [];
    while (!is(close)) {
      items.push(ternary());
      if (!is(close)) take(',', `"," or "${close}"`);
    }
    return items;
  };

  function ternary(): Value {
    const c = binary(0);
    if (!is('?')) return c;
    if (++depth > MAX_DEPTH) fail(`expression nested more than ${MAX_DEPTH} deep`, peek());
    pos++;
    const t = ternary();
    take(':', '":" of a ? : conditional');
    const f = ternary();
    depth--;
    return conditional(c, t, f);
  }

  function binary(level: number): Value {
    if (level === LEVELS.length) return unary();
    let left = binary(level + 1);
    while (LEVELS[level].some(is)) {
      const op = tokens[pos++].text;
      if (op === 'in') {
        take('[', '"[" to start a list');
        const items = list(']');
        left = membership(left, items, span(left, tokens[pos]));
        pos++;
      } else {
        left = combine(op, left, binary(level + 1));
      }
    }
    return left;
  }

  function unary(): Value {
    // every nesting, by "(", "[", an argument list or a prefix operator, passes through here
    if (++depth > MAX_DEPTH) fail(`expression nested more than ${MAX_DEPTH} deep`, peek());
    const t = peek();
    let v: Value;
    if (is('!') || is('-')) {
      pos++;
      const operand = unary();
      const where = span(t, operand);
      const x = need(operand, t.text === '-' ? 'number' : 'boolean', `operand of "${t.text}"`).fn;
      v = t.text === '-' ? make('number', (w, e, s) => -x(w, e, s), [operand], where) : make('boolean', (w, e, s) => (x(w, e, s) ? 0 : 1), [operand], where);
    } else {
      v = primary();
    }
    depth--;
    return v;
  }

  function primary(): Value {
    const t = peek();
    if (t.kind === 'num') return (pos++, constant('number', Number(t.text), t));
    if (t.kind === 'str') return (pos++, { type: 'string', fn: () => NaN, str: t.text, at: t.at, len: t.len });
    if (is('(')) {
      pos++;
      const v = ternary();
      take(')', '")"');
      return v;
    }
    if (t.kind !== 'name' || t.text === 'in') return unexpected('a number, string, field, function or "("');
    pos++;
    if (t.text === 'true' || t.text === 'false') return constant('boolean', t.text === 'true' ? 1 : 0, t);
    if (is('(')) {
      pos++;
      if (!Object.hasOwn(FUNCTIONS, t.text)) fail(`unknown function "${t.text}" (functions: ${Object.keys(FUNCTIONS).join(', ')})`, t);
      const args = list(')');
      return call(t.text, args, span(t, tokens[pos++]));
    }
    if (!Object.hasOwn(fields, t.text)) fail(unknownField(t.text, Object.keys(fields)), t);
    const { type, read } = fields[t.text];
    return { type: type.kind, fn: read, values: type.kind === 'enum' ? type.values : undefined, label: t.text, at: t.at, len: t.len };
  }

  const v = ternary();
  if (peek().kind !== 'end') unexpected('an operator or the end of the expression');
  if (v.type === 'string') fail('a string can only be compared with an enum field', v);
  return v;
}

// ---------------------------------------------------------------------------------------------
// Operators

function combine(op: string, a: Value, b: Value): Value {
  const where = span(a, b);
  if (op === '&&' || op === '||') {
    const x = need(a, 'boolean', `operand of "${op}"`).fn;
    const y = need(b, 'boolean', `operand of "${op}"`).fn;
    if (a.k !== undefined) return (a.k !== 0) === (op === '&&') ? { ...b, ...where } : constant('boolean', a.k, where);
    return make('boolean', op === '&&' ? (w, e, s) => (x(w, e, s) ? y(w, e, s) : 0) : (w, e, s) => (x(w, e, s) ? 1 : y(w, e, s)), [a, b], where);
  }
  if (op === '==' || op === '!=') {
    if (a.type === 'string') [a, b] = [b, a]; // put a string literal on the right
    if (a.type === 'enum' && b.type === 'string') b = enumCode(a, b);
    else if (a.type === 'enum' && b.type === 'enum' && !sameValues(a.values!, b.values!)) {
      fail(`cannot compare ${a.label} with ${b.label}: their values differ (${a.values!.join(', ')} vs ${b.values!.join(', ')})`, where);
    } else if (a.type !== b.type || a.type === 'string') {
      const hint = a.type === 'string' ? ' (strings can only be compared with an enum field)' : '';
      fail(`cannot compare ${describe(a)} with ${describe(b)} using "${op}"${hint}`, where);
    }
    return compare(op, a, b, where);
  }
  const x = need(a, 'number', `operand of "${op}"`).fn;
  const y = need(b, 'number', `operand of "${op}"`).fn;
  if (op in FLIP) return compare(op, a, b, where);
  const fn: Compiled =
    op === '+'
      ? (w, e, s) => x(w, e, s) + y(w, e, s)
      : op === '-'
        ? (w, e, s) => x(w, e, s) - y(w, e, s)
        : op === '*'
          ? (w, e, s) => x(w, e, s) * y(w, e, s)
          : op === '/'
            ? (w, e, s) => x(w, e, s) / y(w, e, s)
            : (w, e, s) => x(w, e, s) % y(w, e, s);
  return make('number', fn, [a, b], where);
}

/** Numeric comparison (numbers, 0/1 booleans or enum codes). `x op constant`, the usual shape of a
 *  condition, gets its own closure so the hot path is one field read and one comparison. */
function compare(op: string, a: Value, b: Value, where: Span): Value {
  if (a.k !== undefined && b.k === undefined) [a, b, op] = [b, a, FLIP[op]];
  const x = a.fn,
    y = b.fn,
    k = b.k!;
  const fn: Compiled =
    b.k !== undefined
      ? op === '<'
        ? (w, e, s) => (x(w, e, s) < k ? 1 : 0)
        : op === '<='
          ? (w, e, s) => (x(w, e, s) <= k ? 1 : 0)
          : op === '>'
            ? (w, e, s) => (x(w, e, s) > k ? 1 : 0)
            : op === '>='
              ? (w, e, s) => (x(w, e, s) >= k ? 1 : 0)
              : op === '=='
                ? (w, e, s) => (x(w, e, s) === k ? 1 : 0)
                : (w, e, s) => (x(w, e, s) !== k ? 1 : 0)
      : op === '<'
        ? (w, e, s) => (x(w, e, s) < y(w, e, s) ? 1 : 0)
        : op === '<='
          ? (w, e, s) => (x(w, e, s) <= y(w, e, s) ? 1 : 0)
          : op === '>'
            ? (w, e, s) => (x(w, e, s) > y(w, e, s) ? 1 : 0)
            : op === '>='
              ? (w, e, s) => (x(w, e, s) >= y(w, e, s) ? 1 : 0)
              : op === '=='
                ? (w, e, s) => (x(w, e, s) === y(w, e, s) ? 1 : 0)
                : (w, e, s) => (x(w, e, s) !== y(w, e, s) ? 1 : 0);
  return make('boolean', fn, [a, b], where);
}

function membership(v: Value, items: Value[], where: Span): Value {
  const x = v.fn;
  if (v.type === 'enum') {
    // a lookup table indexed by code: one typed-array read per evaluation
    const member = new Uint8Array(v.values!.length);
    for (const item of items) {
      if (item.type !== 'string') fail(`list items must be strings (values of ${v.label}), found ${describe(item)}`, item);
      member[enumCode(v, item).k!] = 1;
    }
    return make('boolean', (w, e, s) => (member[x(w, e, s)] === 1 ? 1 : 0), [v], where);
  }
  if (v.type !== 'number') return fail(`"in" needs a number or an enum field on the left, found ${describe(v)}`, v);
  const list = Float64Array.from(items, (item) =>
    item.type === 'number' && item.k !== undefined ? item.k : fail(`list items must be number literals, found ${item.type === 'number' ? 'a computed number' : describe(item)}`, item),
  );
  if (list.length === 0) return constant('boolean', 0, where);
  const fn: Compiled = (w, e, s) => {
    const value = x(w, e, s);
    for (let i = 0; i < list.length; i++) if (list[i] === value) return 1;
    return 0;
  };
  return make('boolean', fn, [v], where);
}

function conditional(c: Value, t: Value, f: Value): Value {
  const where = span(c, f);
  const test = need(c, 'boolean', 'condition').fn;
  if (t.type === 'string' || f.type === 'string') fail('a string can only be compared with an enum field', t.type === 'string' ? t : f);
  if (t.type !== f.type || (t.type === 'enum' && !sameValues(t.values!, f.values!))) {
    fail(`both branches of "?:" must have the same type, found ${describe(t)} and ${describe(f)}`, f);
  }
  if (c.k !== undefined) return { ...(c.k ? t : f), ...where };
  const yes = t.fn,
    no = f.fn;
  return { type: t.type, fn: (w, e, s) => (test(w, e, s) ? yes(w, e, s) : no(w, e, s)), values: t.values, label: t.label, ...where };
}

function call(name: string, args: Value[], where: Span): Value {
  const arity = FUNCTIONS[name];
  if (args.length < arity[0] || args.length > arity[1]) {
    const n = arity[0] === arity[1] ? `${arity[0]} argument${arity[0] > 1 ? 's' : ''}` : `at least ${arity[0]} argument`;
    fail(`${name} takes ${n}, found ${args.length}`, where);
  }
  const fs = args.map((a) => need(a, 'number', `argument of ${name}`).fn);
  const [x, y, z] = fs;
  let fn: Compiled;
  if (name === 'abs') fn = (w, e, s) => Math.abs(x(w, e, s));
  else if (name === 'clamp') fn = (w, e, s) => Math.min(Math.max(x(w, e, s), y(w, e, s)), z(w, e, s));
  else if (fs.length === 1) fn = x;
  else if (fs.length === 2) fn = name === 'min' ? (w, e, s) => Math.min(x(w, e, s), y(w, e, s)) : (w, e, s) => Math.max(x(w, e, s), y(w, e, s));
  else {
    const pick = name === 'min' ? Math.min : Math.max;
    fn = (w, e, s) => {
      let m = x(w, e, s);
      for (let i = 1; i < fs.length; i++) m = pick(m, fs[i](w, e, s));
      return m;
    };
  }
  return make('number', fn, args, where);
}

// ---------------------------------------------------------------------------------------------
// Enums and messages

function enumCode(en: Value, s: Value): Value {
  const code = en.values!.indexOf(s.str!);
  if (code < 0) fail(`"${s.str}" is not a value of ${en.label} (values: ${en.values!.join(', ')})`, s);
  return constant('number', code, s);
}

const sameValues = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((v, i) => v === b[i]);

function unknownField(name: string, known: string[]): string {
  // close matches: a bare last segment ("age" for subject.age), a prefix ("subject.scores" for
  // subject.scores.sesame), or else the fields at the smallest edit distance, if it is small
  const scored = known.map((k) => ({ k, d: k.endsWith(`.${name}`) || k.startsWith(`${name}.`) ? 0 : distance(name, k) }));
  const best = Math.min(...scored.map((s) => s.d));
  const close = best <= Math.max(2, Math.floor(name.length / 4)) ? scored.filter((s) => s.d === best).slice(0, 3) : [];
  const hint = close.length > 0 ? ` (did you mean ${close.map((s) => s.k).join(' or ')}?)` : '';
  const shown = known.slice(0, 12).join(', ') + (known.length > 12 ? `, … (${known.length - 12} more)` : '');
  return `unknown field "${name}"${hint}; known fields: ${shown || 'none'}`;
}

/** Levenshtein distance. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
