import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { reproducible } from './helpers.ts';
import { loadScenario } from '../src/load/scenario.ts';
import { createCity } from '../src/city/city.ts';
import { createPopulation, householdsOf } from '../src/population/create.ts';
import { createFriendGraph, friendAt, degreeOf, forEachFriend, cutTie, type FriendGraph } from '../src/population/graph.ts';
import { bytesPerCitizen, citizenBytes } from '../src/engine/memory.ts';
import { worldBytes } from '../src/engine/footprint.ts';
import { cellOf, cellSize, cellMember } from '../src/population/cells.ts';
import { createWorld } from '../src/engine/create-world.ts';

const scenarioOf = (citizens: number) => loadScenario('rongcheng', { 'population.citizens': citizens }).scenario;

/** Every citizen's friends, in slot order, read one slot at a time. */
const friendLists = (g: FriendGraph, n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: degreeOf(g, i) }, (_, s) => friendAt(g, i, g.offsets[i] + s)));

test('the friend graph is an undirected small world in compact form', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 3000 }), fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, degree, p, seed) => {
      const g = createFriendGraph(n, degree, p, seed);
      assert.equal(g.offsets.length, n + 1);
      const lists = friendLists(g, n);
      const count = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        for (const j of lists[i]) {
          assert.notEqual(j, i, 'no one is their own friend');
          assert.ok(j < n);
          const key = `${i}-${j}`;
          count.set(key, (count.get(key) ?? 0) + 1);
        }
      }
      for (const [key, c] of count) {
        const [i, j] = key.split('-');
        assert.equal(count.get(`${j}-${i}`), c, 'friendship is mutual');
      }
      const half = Math.min(Math.floor(degree / 2), Math.floor((n - 1) / 2));
      assert.equal(g.offsets[n], 2 * n * half, 'mean degree as asked (capped by n)');
    }),
    { numRuns: 40, ...reproducible },
  );
});

test('rewiring makes a small world: most ties local, some across the city', () => {
  const n = 20_000;
  const g = createFriendGraph(n, 20, 0.1, 1);
  let far = 0;
  friendLists(g, n).forEach((friends, i) => friends.forEach((j) => Math.abs(j - i) > 10 && Math.abs(j - i) < n - 10 && far++));
  const share = far / g.offsets[n];
  assert.ok(share > 0.08 && share < 0.12, `share of rewired ties ${share}`);
});

test('friends far away in id order are kept whole, in slot order, and ties to them cut both ways', () => {
  const n = 150_000; // rewired ties span more than 16 bits of id
  const g = createFriendGraph(n, 8, 0.3, 7);
  const lists = friendLists(g, n);
  assert.ok(g.far.length > 0.12 * g.offsets[n], `far slots: ${g.far.length} of ${g.offsets[n]}`);
  let mutual = 0;
  for (let i = 0; i < n; i += 97) {
    const visited: number[] = [];
    forEachFriend(g, i, (f) => visited.push(f));
    assert.deepEqual(visited, lists[i], 'walking the slots gives the friends read one by one');
    for (const j of lists[i]) if (lists[j].includes(i)) mutual++;
    assert.ok(lists[i].every((j) => j >= 0 && j < n && j !== i));
  }
  assert.equal(
    mutual,
    Array.from({ length: Math.ceil(n / 97) }, (_, k) => lists[k * 97].length).reduce((a, b) => a + b, 0),
    'friendship is mutual',
  );
  const i = lists.findIndex((l, i) => l.some((j) => Math.abs(j - i) > 40_000));
  const j = lists[i].find((j) => Math.abs(j - i) > 40_000)!;
  assert.ok(cutTie(g, i, j));
  const left = (a: number) => {
    const out: number[] = [];
    forEachFriend(g, a, (f) => out.push(f));
    return out;
  };
  assert.equal(left(i).filter((f) => f === j).length, lists[i].filter((f) => f === j).length - 1, 'cut from i');
  assert.equal(left(j).filter((f) => f === i).length, lists[j].filter((f) => f === i).length - 1, 'and from j');
});

test('a population is deterministic in its seed and has the attributes the scenario asks for', () => {
  const s = scenarioOf(30_000);
  const city = createCity(s, 4);
  const a = createPopulation(s, city, 4);
  const b = createPopulation(s, createCity(s, 4), 4);
  const other = createPopulation(s, createCity(s, 5), 5);
  assert.deepEqual(a.citizens.wage, b.citizens.wage);
  assert.notDeepEqual(a.citizens.wage, other.citizens.wage);
  const c = a.citizens;
  const n = a.n;
  const household = householdsOf(s, city, 4);
  let minority = 0,
    female = 0,
    employed = 0,
    parents = 0;
  for (let i = 0; i < n; i++) {
    assert.ok(c.age[i] >= s.population.minAge && c.age[i] <= s.population.maxAge);
    minority += c.group[i];
    female += c.sex[i];
    if (c.employer[i] >= 0) employed++;
    if (c.children[i] > 0) parents++;
    if (i > 0 && household[i] !== household[i - 1]) assert.equal(household[i], household[i - 1] + 1, 'households are contiguous');
    if (i > 0 && household[i] === household[i - 1]) assert.equal(c.home[i], c.home[i - 1], 'a household shares a home');
  }
  assert.ok(Math.abs(minority / n - 0.09) < 0.01);
  assert.ok(Math.abs(female / n - s.population.femaleShare) < 0.01);
  assert.ok(Math.abs(employed / n - (1 - s.population.unemployment)) < 0.01);
  assert.ok(parents > 0);
  const employees = a.companies.employees.reduce((x, y) => x + y, 0);
  assert.equal(employees, employed, 'every employed citizen works for exactly one company');
  for (const rep of a.companies.legalRep) assert.ok(rep < n);
  let residents = 0;
  for (let d = 0; d < city.count; d++) residents += city.districts.residents[d];
  assert.equal(residents, n);
  // the cell index gives each cell's members, all of them, in ascending id order
  const cells = s.population.groups.length * 2;
  const members: number[][] = Array.from({ length: cells }, () => []);
  for (let i = 0; i < n; i++) members[cellOf(c, i)].push(i);
  for (let k = 0; k < cells; k++) {
    assert.equal(cellSize(a.cells, k), members[k].length);
    for (let r = 0; r < members[k].length; r += 1 + (r % 7)) assert.equal(cellMember(a.cells, c, k, r), members[k][r], `cell ${k}, rank ${r}`);
    assert.equal(cellMember(a.cells, c, k, members[k].length - 1), members[k].at(-1), 'the last member');
  }
});

test('the memory guard estimates what a world really takes, within a tenth', () => {
  for (const name of ['seed-2020', 'nosedive', 'none']) {
    const { scenario } = loadScenario(name, { 'population.citizens': 100_000, 'output.sampleRate': 0 });
    const estimate = citizenBytes(scenario);
    const measured = worldBytes(createWorld(scenario)) / 100_000;
    const expected = estimate.state + estimate.dayTables / 1.25; // a new world's day tables have not grown yet
    assert.ok(Math.abs(measured - expected) < 0.1 * measured, `${name}: ${measured.toFixed(1)} bytes a citizen measured, ${expected.toFixed(1)} estimated`);
    assert.ok(bytesPerCitizen(scenario) >= measured, 'the guard plans for the most the run holds');
  }
});
