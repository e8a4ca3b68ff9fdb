import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reproducible } from '../../test/helpers.ts';
import { compileExpression, typeOf, lowerBound, ExpressionError, type Fields } from './expression.ts';
import type { FieldSource } from './source.ts';

// these fields read typed arrays of their own, not a source
const SRC = {} as FieldSource;

// A tiny world: event rows and subjects backed by typed arrays, as in the engine.
const eventValue = Float64Array.from([0, 250, 501, 1000]);
const eventKind = Uint8Array.from([0, 1, 2, 1]); // codes into ['buy', 'sell', 'post']
const age = Float64Array.from([17, 25, 30, 64]);
const group = Uint8Array.from([0, 1, 0, 1]); // codes into ['majority', 'minority']
const flag = Uint8Array.from([0, 1, 1, 0]);
const savings = Float64Array.from([0, 1200, 3000, 50000]);
const wage = Float64Array.from([0, 100, 500, 2000]);

const F: Fields = {
  'event.value': { type: { kind: 'number' }, read: (_w, e) => eventValue[e] },
  'event.kind': { type: { kind: 'enum', values: ['buy', 'sell', 'post'] }, read: (_w, e) => eventKind[e] },
  'subject.age': { type: { kind: 'number' }, read: (_w, _e, s) => age[s] },
  'subject.group': { type: { kind: 'enum', values: ['majority', 'minority'] }, read: (_w, _e, s) => group[s] },
  'subject.peer.group': { type: { kind: 'enum', values: ['majority', 'minority'] }, read: (_w, _e, s) => group[(s + 1) % 4] },
  'subject.flagged': { type: { kind: 'boolean' }, read: (_w, _e, s) => flag[s] },
  'subject.savings': { type: { kind: 'number' }, read: (_w, _e, s) => savings[s] },
  'subject.wage': { type: { kind: 'number' }, read: (_w, _e, s) => wage[s] },
  'subject.scores.sesame': { type: { kind: 'number' }, read: (_w, _e, s) => 600 + s },
};

const num = (text: string, e = 0, s = 0) => compileExpression(text, F, 'number')(SRC, e, s);
const bool = (text: string, e = 0, s = 0) => compileExpression(text, F, 'boolean')(SRC, e, s);

/** Asserts that compiling throws an ExpressionError at `offset` (and `length`) with a matching message. */
function throwsAt(text: string, expect: 'boolean' | 'number', message: RegExp | string, offset: number, length?: number) {
  try {
    compileExpression(text, F, expect);
  } catch (err) {
    assert.ok(err instanceof ExpressionError, `not an ExpressionError: ${err}`);
    if (typeof message === 'string') assert.equal(err.message, message);
    else assert.match(err.message, message);
    const shown = JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
    assert.equal(err.offset, offset, `offset for ${shown}: ${err.message.slice(0, 200)}`);
    if (length !== undefined) assert.equal(err.length, length, `length for ${shown}: ${err.message.slice(0, 200)}`);
    return;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

test('arithmetic and precedence', () => {
  const cases: [string, number][] = [
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['-2 * 3', -6],
    ['-(2 + 3) * 2', -10],
    ['--3', 3],
    ['10 % 4', 2],
    ['-7 % 3', -1],
    ['2 - 3 - 4', -5],
    ['24 / 4 / 2', 3],
    ['2 * 3 % 4', 2],
    ['1 + 6 / 3 * 2 - 1', 4],
    ['12', 12],
    ['0.5 * 4', 2],
    ['1e3 + 2.5e-1', 1000.25],
    ['.5 + 1', 1.5],
  ];
  for (const [text, want] of cases) assert.equal(num(text), want, text);
  // division by zero is plain JS
  assert.equal(num('1 / 0'), Infinity);
  assert.ok(Number.isNaN(num('0 / 0')));
  assert.ok(Number.isNaN(num('5 % 0')));
  // with fields: savings / (wage * 6) for subject 2 is 3000 / 3000
  assert.equal(num('subject.savings / (subject.wage * 6)', 0, 2), 1);
  assert.equal(num('subject.savings - subject.wage * 2', 0, 3), 46000);
  assert.equal(num('subject.scores.sesame - 600', 0, 3), 3);
});

test('comparisons', () => {
  const cases: [string, number][] = [
    ['1 < 2', 1],
    ['2 < 2', 0],
    ['2 <= 2', 1],
    ['3 <= 2', 0],
    ['3 > 2', 1],
    ['2 > 2', 0],
    ['2 >= 2', 1],
    ['1 >= 2', 0],
    ['2 == 2', 1],
    ['2 == 3', 0],
    ['2 != 3', 1],
    ['2 != 2', 0],
    ['1 + 1 == 2', 1],
    ['true == true', 1],
    ['true != false', 1],
    ['(1 < 2) == (3 < 2)', 0],
  ];
  for (const [text, want] of cases) assert.equal(bool(text), want, text);
  // field against constant, constant against field (flipped internally), field against field
  assert.equal(bool('event.value > 500', 2), 1);
  assert.equal(bool('event.value > 500', 1), 0);
  assert.equal(bool('500 < event.value', 2), 1);
  assert.equal(bool('500 < event.value', 1), 0);
  assert.equal(bool('500 >= event.value', 1), 1);
  assert.equal(bool('subject.age <= 25', 0, 1), 1);
  assert.equal(bool('subject.age <= 25', 0, 2), 0);
  assert.equal(bool('event.value > subject.age', 1, 3), 1);
  assert.equal(bool('event.value > subject.age', 0, 3), 0);
  assert.equal(bool('subject.flagged == true', 0, 1), 1);
  assert.equal(bool('subject.flagged == true', 0, 0), 0);
});

test('boolean logic, with short-circuit evaluation', () => {
  for (const a of [0, 1]) {
    for (const b of [0, 1]) {
      const fields: Fields = {
        a: { type: { kind: 'boolean' }, read: () => a },
        b: { type: { kind: 'boolean' }, read: () => b },
      };
      const run = (text: string) => compileExpression(text, fields, 'boolean')(SRC, 0, 0);
      assert.equal(run('a && b'), a & b);
      assert.equal(run('a || b'), a | b);
      assert.equal(run('!a'), 1 - a);
      assert.equal(run('!!a'), a);
      assert.equal(run('!a || b && a'), (1 - a) | (b & a)); // && binds tighter than ||
      assert.equal(run('!(a || b)'), 1 - (a | b));
      assert.equal(run('a && true'), a);
      assert.equal(run('false || a'), a);
      assert.equal(run('true || a'), 1);
      assert.equal(run('a != b'), a ^ b);
    }
  }
  const reads: string[] = [];
  const counted = (name: string, v: number) => ({ type: { kind: 'boolean' as const }, read: () => (reads.push(name), v) });
  const fields: Fields = { yes: counted('yes', 1), no: counted('no', 0) };
  const run = (text: string) => {
    reads.length = 0;
    return compileExpression(text, fields, 'boolean')(SRC, 0, 0);
  };
  assert.equal(run('no && yes'), 0);
  assert.deepEqual(reads, ['no']);
  assert.equal(run('yes || no'), 1);
  assert.deepEqual(reads, ['yes']);
  assert.equal(run('yes && no'), 0);
  assert.deepEqual(reads, ['yes', 'no']);
  assert.equal(run('false && yes'), 0);
  assert.deepEqual(reads, []);
  assert.equal(run('yes ? no : yes'), 0);
  assert.deepEqual(reads, ['yes', 'no']);
});

test('ternary', () => {
  assert.equal(num('true ? 1 : 2'), 1);
  assert.equal(num('false ? 1 : 2'), 2);
  assert.equal(num('false ? 1 : true ? 2 : 3'), 2); // right-associative
  assert.equal(num('true ? false ? 1 : 2 : 3'), 2); // a conditional as the middle branch
  assert.equal(num('1 > 2 ? 10 : 20 + 1'), 21); // branches are full expressions
  assert.equal(num('event.value > 500 ? event.value * 2 : -1', 3), 2000);
  assert.equal(num('event.value > 500 ? event.value * 2 : -1', 1), -1);
  assert.equal(bool('subject.flagged ? subject.age < 30 : subject.age > 60', 0, 1), 1);
  assert.equal(bool('subject.flagged ? subject.age < 30 : subject.age > 60', 0, 3), 1);
  assert.equal(bool('subject.flagged ? subject.age < 30 : subject.age > 60', 0, 2), 0);
  // enum-typed branches keep their value set
  assert.equal(typeOf('subject.flagged ? subject.group : subject.peer.group', F), 'enum');
  assert.equal(bool('(subject.flagged ? subject.group : subject.peer.group) == "minority"', 0, 1), 1);
  assert.equal(bool('(subject.flagged ? subject.group : subject.peer.group) == "minority"', 0, 0), 1);
  assert.equal(bool('(subject.flagged ? subject.group : subject.peer.group) == "minority"', 0, 3), 0);
});

test('enum equality is compiled to code comparisons', () => {
  // group codes by subject: 0 majority, 1 minority, 0 majority, 1 minority
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.group == "minority"', 0, s)),
    [0, 1, 0, 1],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool("subject.group == 'majority'", 0, s)),
    [1, 0, 1, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('"minority" == subject.group', 0, s)),
    [0, 1, 0, 1],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.group != "minority"', 0, s)),
    [1, 0, 1, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((e) => bool('event.kind == "post"', e, 0)),
    [0, 0, 1, 0],
  );
  // two enum fields over the same values compare their codes
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.group == subject.peer.group', 0, s)),
    [0, 0, 0, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.group != subject.peer.group', 0, s)),
    [1, 1, 1, 1],
  );
  // the value read is the code itself: a read returning 1 is "minority" whatever the subject
  const fields: Fields = { g: { type: { kind: 'enum', values: ['x', 'y', 'z'] }, read: () => 2 } };
  assert.equal(compileExpression('g == "z"', fields, 'boolean')(SRC, 5, 9), 1);
  assert.equal(compileExpression('g == "x"', fields, 'boolean')(SRC, 5, 9), 0);
  assert.equal(typeOf('g', fields), 'enum');
  // escapes inside string literals
  const quoted: Fields = { q: { type: { kind: 'enum', values: ["it's", 'say "hi"'] }, read: () => 1 } };
  assert.equal(compileExpression('q == "say \\"hi\\""', quoted, 'boolean')(SRC, 0, 0), 1);
  assert.equal(compileExpression("q == 'it\\'s'", quoted, 'boolean')(SRC, 0, 0), 0);
});

test('in, for enums and for numbers', () => {
  assert.deepEqual(
    [0, 1, 2, 3].map((e) => bool('event.kind in ["sell", "post"]', e)),
    [0, 1, 1, 1],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((e) => bool("event.kind in ['buy']", e)),
    [1, 0, 0, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((e) => bool('event.kind in []', e)),
    [0, 0, 0, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((e) => bool('!(event.kind in ["sell"])', e)),
    [1, 0, 1, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.age in [17, 30, 99]', 0, s)),
    [1, 0, 1, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.age in [25]', 0, s)),
    [0, 1, 0, 0],
  );
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => bool('subject.age + 5 in [30, -1, 2 * 35]', 0, s)),
    [0, 1, 0, 0],
  );
  assert.equal(bool('3 in [1, 2, 3]'), 1);
  assert.equal(bool('4 in [1, 2, 3]'), 0);
  assert.equal(bool('4 in []'), 0);
  // in binds tighter than comparison and && but looser than +
  assert.equal(bool('subject.flagged && subject.age in [25]', 0, 1), 1);
  assert.equal(bool('subject.flagged && subject.age in [25]', 0, 2), 0);
});

test('functions', () => {
  assert.equal(num('min(3, 1, 2)'), 1);
  assert.equal(num('max(3, 1, 2)'), 3);
  assert.equal(num('min(4, 5)'), 4);
  assert.equal(num('max(4, 5)'), 5);
  assert.equal(num('min(7)'), 7);
  assert.equal(num('abs(-4.5)'), 4.5);
  assert.equal(num('clamp(15, 0, 10)'), 10);
  assert.equal(num('clamp(-5, 0, 10)'), 0);
  assert.equal(num('clamp(5, 0, 10)'), 5);
  assert.equal(num('max(subject.age, 20) + min(subject.age, 20, 19)', 0, 0), 20 + 17);
  assert.equal(num('max(subject.age, 20, event.value)', 3, 3), 1000);
  assert.equal(num('clamp(subject.savings / 1000, 1, 5)', 0, 1), 1.2);
  assert.equal(num('abs(subject.age - 30)', 0, 0), 13);
});

test('field reads receive (source, event, subject)', () => {
  const calls: [string, number, number][] = [];
  const fields: Fields = {
    'event.x': { type: { kind: 'number' }, read: (_w, e, s) => (calls.push(['event.x', e, s]), e * 10) },
    'subject.y': { type: { kind: 'number' }, read: (_w, e, s) => (calls.push(['subject.y', e, s]), s) },
  };
  const f = compileExpression('event.x + subject.y', fields, 'number');
  assert.equal(f(SRC, 3, 8), 38);
  assert.equal(f(SRC, 0, 1), 1);
  assert.deepEqual(calls, [
    ['event.x', 3, 8],
    ['subject.y', 3, 8],
    ['event.x', 0, 1],
    ['subject.y', 0, 1],
  ]);
  // compiling reads nothing
  calls.length = 0;
  compileExpression('event.x > 1 && subject.y < 2', fields, 'boolean');
  assert.deepEqual(calls, []);
});

test('typeOf', () => {
  assert.equal(typeOf('event.value > 500 && subject.age < 30', F), 'boolean');
  assert.equal(typeOf('subject.savings / (subject.wage * 6)', F), 'number');
  assert.equal(typeOf('subject.group', F), 'enum');
  assert.equal(typeOf('subject.flagged', F), 'boolean');
  assert.equal(typeOf('subject.group in ["majority"]', F), 'boolean');
  assert.throws(() => typeOf('subject.agee', F), ExpressionError);
  assert.throws(() => typeOf('"majority"', F), /a string can only be compared with an enum field/);
});

test('syntax errors point at the offending text', () => {
  throwsAt('(event.value + 1))', 'number', 'unexpected ")" at 17 (expected an operator or the end of the expression)', 17, 1);
  throwsAt('event.value > ) 1', 'boolean', /^unexpected "\)" at 14 \(expected a number, string, field/, 14, 1);
  throwsAt('event.value > 500 foo', 'boolean', /^unexpected "foo" at 18/, 18, 3);
  throwsAt('1 2', 'number', /^unexpected "2" at 2/, 2, 1);
  throwsAt('event.value +', 'number', /^unexpected end of expression at 13/, 13, 0);
  throwsAt('', 'number', /^unexpected end of expression at 0/, 0, 0);
  throwsAt('(1 + 2', 'number', /^unexpected end of expression at 6 \(expected "\)"\)/, 6);
  throwsAt('1 +* 2', 'number', /^unexpected "\*" at 3/, 3, 1);
  throwsAt('()', 'number', /^unexpected "\)" at 1/, 1);
  throwsAt('subject.group == "minor', 'boolean', 'unterminated string', 17, 6);
  throwsAt("subject.group == 'minor\\'", 'boolean', 'unterminated string', 17);
  throwsAt('event.value @ 2', 'number', 'unexpected character "@" at 12', 12, 1);
  throwsAt('subject.age = 3', 'boolean', 'unexpected character "=" at 12', 12, 1);
  throwsAt('x; y', 'boolean', 'unexpected character ";" at 1', 1, 1);
  throwsAt('12abc + 1', 'number', 'malformed number "12abc"', 0, 5);
  throwsAt('1.2.3', 'number', 'malformed number "1.2.3"', 0, 5);
  throwsAt('event.value in 1', 'boolean', /^unexpected "1" at 15 \(expected "\[" to start a list\)/, 15);
  throwsAt('event.value in [1, 2', 'boolean', /^unexpected end of expression at 20 \(expected "," or "\]"\)/, 20);
  throwsAt('min(1 2)', 'number', /^unexpected "2" at 6 \(expected "," or "\)"\)/, 6);
  throwsAt('true ? 1', 'number', /^unexpected end of expression at 8 \(expected ":"/, 8);
  throwsAt('in', 'boolean', /^unexpected "in" at 0/, 0);
  // deep nesting fails cleanly rather than overflowing the stack; reasonable nesting is fine
  throwsAt('('.repeat(900) + '1' + ')'.repeat(900), 'number', /^expression nested more than \d+ deep/, 200, 1);
  throwsAt('!'.repeat(1500) + 'true', 'boolean', /^expression nested more than \d+ deep/, 200, 1);
  // and an expression longer than any condition is refused whole, before it is parsed
  throwsAt('('.repeat(5000) + '1' + ')'.repeat(5000), 'number', /^expression of 10001 characters: at most 2000/, 0, 10001);
  assert.equal(num('('.repeat(50) + '1' + ')'.repeat(50)), 1);
  assert.equal(bool('!'.repeat(51) + 'true'), 0);
});

test('unknown fields and functions suggest what exists', () => {
  throwsAt('event.value > 500 && subject.agee < 30', 'boolean', /^unknown field "subject.agee" \(did you mean subject.age\?\); known fields: event.value, event.kind, subject.age/, 21, 12);
  throwsAt('age > 3', 'boolean', /^unknown field "age" \(did you mean subject.age\?\)/, 0, 3);
  throwsAt('subject.scores > 3', 'boolean', /^unknown field "subject.scores" \(did you mean subject.scores.sesame\?\)/, 0, 14);
  throwsAt('zzz > 3', 'boolean', /^unknown field "zzz"; known fields: event.value/, 0, 3);
  // prototype properties are not fields
  throwsAt('constructor', 'number', /^unknown field "constructor"/, 0);
  throwsAt('__proto__', 'number', /^unknown field "__proto__"/, 0);
  throwsAt('Math.max(1, 2)', 'number', /^unknown function "Math.max"/, 0, 8);
  // a long list of known fields is truncated
  const many: Fields = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`f.n${i}`, F['event.value']]));
  assert.throws(() => compileExpression('nope', many, 'number'), /known fields: f\.n0, .*, … \(28 more\)$/);
  throwsAt('sqrt(4)', 'number', 'unknown function "sqrt" (functions: min, max, abs, clamp)', 0, 4);
  throwsAt('abs(1, 2)', 'number', 'abs takes 1 argument, found 2', 0, 9);
  throwsAt('1 + clamp(1, 2)', 'number', 'clamp takes 3 arguments, found 2', 4, 11);
  throwsAt('min()', 'number', 'min takes at least 1 argument, found 0', 0, 5);
});

test('type errors say what was expected and what was found', () => {
  throwsAt('event.value ? 1 : 2', 'number', 'expected a boolean condition, found a number', 0, 11);
  throwsAt('event.value && true', 'boolean', 'expected a boolean operand of "&&", found a number', 0, 11);
  throwsAt('true || subject.age + 1', 'boolean', 'expected a boolean operand of "||", found a number', 8, 15);
  throwsAt('!subject.age', 'boolean', 'expected a boolean operand of "!", found a number', 1, 11);
  throwsAt('-subject.flagged', 'number', 'expected a number operand of "-", found a boolean', 1, 15);
  throwsAt('subject.age + subject.flagged', 'number', 'expected a number operand of "+", found a boolean', 14, 15);
  throwsAt('subject.group * 2', 'number', 'expected a number operand of "*", found an enum (subject.group)', 0, 13);
  throwsAt('1 < 2 < 3', 'boolean', 'expected a number operand of "<", found a boolean', 0, 5);
  throwsAt('abs(true)', 'number', 'expected a number argument of abs, found a boolean', 4, 4);
  throwsAt('subject.flagged ? 1 : false', 'number', 'both branches of "?:" must have the same type, found a number and a boolean', 22, 5);
  throwsAt('true ? subject.group : event.kind', 'boolean', /^both branches of "\?:" must have the same type/, 23, 10);
  throwsAt('subject.age == true', 'boolean', 'cannot compare a number with a boolean using "=="', 0, 19);
  throwsAt('subject.group != 1', 'boolean', 'cannot compare an enum (subject.group) with a number using "!="', 0, 18);
  throwsAt('subject.age == "old"', 'boolean', 'cannot compare a number with a string using "=="', 0, 20);
  throwsAt('"a" == "a"', 'boolean', /^cannot compare a string with a string using "==" \(strings can only be compared with an enum field\)/, 0, 10);
  throwsAt('subject.group == event.kind', 'boolean', /^cannot compare subject.group with event.kind: their values differ/, 0, 27);
  throwsAt('subject.group < "minority"', 'boolean', /^expected a number operand of "<", found an enum/, 0, 13);
  throwsAt('"minority"', 'boolean', 'a string can only be compared with an enum field', 0, 10);
  throwsAt('true ? "a" : "b"', 'boolean', 'a string can only be compared with an enum field', 7, 3);
});

test('enum values and list items are checked', () => {
  throwsAt('subject.group == "majority "', 'boolean', '"majority " is not a value of subject.group (values: majority, minority)', 17, 11);
  throwsAt('"Majority" != subject.group', 'boolean', /^"Majority" is not a value of subject.group/, 0, 10);
  throwsAt('event.kind in ["buy", "rent"]', 'boolean', '"rent" is not a value of event.kind (values: buy, sell, post)', 22, 6);
  throwsAt('event.kind in ["buy", 2]', 'boolean', 'list items must be strings (values of event.kind), found a number', 22, 1);
  throwsAt('event.value in [1, "2"]', 'boolean', 'list items must be number literals, found a string', 19, 3);
  throwsAt('event.value in [1, subject.age]', 'boolean', 'list items must be number literals, found a computed number', 19, 11);
  throwsAt('subject.flagged in [1]', 'boolean', '"in" needs a number or an enum field on the left, found a boolean', 0, 15);
});

test('the whole expression must have the expected type', () => {
  throwsAt('event.value', 'boolean', 'expected a boolean condition, found a number', 0, 11);
  throwsAt('event.value > 1', 'number', 'expected a number, found a boolean', 0, 15);
  throwsAt('subject.group', 'number', 'expected a number, found an enum (subject.group)', 0, 13);
  throwsAt('subject.group', 'boolean', 'expected a boolean condition, found an enum (subject.group)', 0, 13);
  const err = (() => {
    try {
      compileExpression('1 +', F, 'number');
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof Error && err instanceof ExpressionError);
  assert.equal(err.name, 'ExpressionError');
});

// --- property tests: random arithmetic trees against plain JS evaluation

type Tree = { leaf: 'a' | 'b' | 'c' | number } | { op: '+' | '-' | '*' | '/' | '%'; l: Tree; r: Tree } | { neg: Tree };
const PREC = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 } as const;

const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((rec) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ leaf: fc.oneof(fc.constantFrom('a' as const, 'b' as const, 'c' as const), fc.integer({ min: 0, max: 100 })) }),
    fc.record({ op: fc.constantFrom('+' as const, '-' as const, '*' as const, '/' as const, '%' as const), l: rec('t'), r: rec('t') }),
    fc.record({ neg: rec('t') }),
  ),
})).t;

/** Renders with as few parentheses as the usual precedence rules allow, so the parser's precedence is tested. */
function render(t: Tree): string {
  if ('leaf' in t) return String(t.leaf);
  if ('neg' in t) return 'op' in t.neg ? `-(${render(t.neg)})` : `-${render(t.neg)}`;
  const wrap = (c: Tree, right: boolean) => ('op' in c && (PREC[c.op] < PREC[t.op] || (right && PREC[c.op] === PREC[t.op])) ? `(${render(c)})` : render(c));
  return `${wrap(t.l, false)} ${t.op} ${wrap(t.r, true)}`;
}

function evaluate(t: Tree, env: { a: number; b: number; c: number }): number {
  if ('leaf' in t) return typeof t.leaf === 'number' ? t.leaf : env[t.leaf];
  if ('neg' in t) return -evaluate(t.neg, env);
  const l = evaluate(t.l, env),
    r = evaluate(t.r, env);
  return t.op === '+' ? l + r : t.op === '-' ? l - r : t.op === '*' ? l * r : t.op === '/' ? l / r : l % r;
}

test('property: compiled arithmetic equals JS evaluation', () => {
  const env = { a: 0, b: 0, c: 0 };
  const fields: Fields = {
    a: { type: { kind: 'number' }, read: () => env.a },
    b: { type: { kind: 'number' }, read: () => env.b },
    c: { type: { kind: 'number' }, read: () => env.c },
  };
  const int = fc.integer({ min: -1000, max: 1000 });
  fc.assert(
    fc.property(tree, int, int, int, (t, a, b, c) => {
      Object.assign(env, { a, b, c });
      const f = compileExpression(render(t), fields, 'number');
      assert.equal(f(SRC, 0, 0), evaluate(t, env), render(t)); // Object.is: NaN and -0 must match too
    }),
    { numRuns: 2000, ...reproducible },
  );
  // the shape named in the brief, with operands chosen at random
  fc.assert(
    fc.property(int, int, int, (a, b, c) => {
      Object.assign(env, { a, b, c });
      assert.equal(compileExpression('a + b * c - (a % 7)', fields, 'number')(SRC, 0, 0), a + b * c - (a % 7));
      assert.equal(compileExpression('(a - b) * -c + a / 4', fields, 'number')(SRC, 0, 0), (a - b) * -c + a / 4);
      assert.equal(compileExpression('a > b && b >= c || !(a != c)', fields, 'boolean')(SRC, 0, 0), (a > b && b >= c) || !(a !== c) ? 1 : 0);
      assert.equal(compileExpression('a < b ? max(a, c) : clamp(b, -c, c)', fields, 'number')(SRC, 0, 0), a < b ? Math.max(a, c) : Math.min(Math.max(b, -c), c));
    }),
    reproducible,
  );
});

test('lowerBound reads the least event value a pure conjunction can hold for, and -Infinity where the text does not say', () => {
  const cases: [string, number][] = [
    ['event.value >= 10', 10],
    ['event.value > 2.5', 2.5],
    ['10 <= event.value', 10],
    ['3 < event.value && event.value >= 1e1', 10],
    ['subject.age < 30 && event.value >= 10', 10],
    ['(subject.age < 30 || subject.flagged) && event.value >= 10', 10],
    ['event.value >= 10 || subject.age < 30', -Infinity],
    ['subject.flagged ? event.value >= 10 : true', -Infinity],
    ['!(event.value >= 10)', -Infinity],
    ['event.value >= -5', -Infinity],
    ['event.value * 2 >= 10', -Infinity],
    ['event.value <= 10', -Infinity],
    ['subject.age >= 10', -Infinity],
    ['(event.value >= 10)', -Infinity],
  ];
  for (const [text, bound] of cases) assert.equal(lowerBound(text, 'event.value'), bound, text);
});

test('lowerBound is sound: below it, no condition built of conjunctions, disjunctions and negations holds', () => {
  const value = new Float64Array(1);
  const fields: Fields = { ...F, 'event.value': { type: { kind: 'number' }, read: () => value[0] } };
  const k = fc.integer({ min: -3, max: 12 });
  const atom = fc.oneof(
    k.map((n) => `event.value >= ${n}`),
    k.map((n) => `event.value > ${n}`),
    k.map((n) => `${n} <= event.value`),
    k.map((n) => `event.value < ${n}`),
    k.map((n) => `!(event.value >= ${n})`),
    fc.integer({ min: 15, max: 70 }).map((a) => `subject.age < ${a}`),
    fc.constant('subject.flagged'),
  );
  const condition = fc.letrec<{ c: string }>((tie) => ({
    c: fc.oneof(
      { depthSize: 'small' },
      atom,
      fc.tuple(tie('c'), fc.constantFrom('&&', '||'), tie('c')).map(([a, op, b]) => `${a} ${op} ${b}`),
      tie('c').map((c) => `(${c})`),
    ),
  })).c;
  fc.assert(
    fc.property(condition, fc.double({ min: -10, max: 20, noNaN: true }), (text, v) => {
      const bound = lowerBound(text, 'event.value');
      fc.pre(v < bound);
      value[0] = v;
      const holds = compileExpression(text, fields, 'boolean');
      for (let s = 0; s < 4; s++) assert.equal(holds(SRC, 0, s), 0, `${text} holds at event.value ${v}, below its bound ${bound}`);
    }),
    { ...reproducible, numRuns: 500 },
  );
});
