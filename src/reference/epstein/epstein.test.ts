import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { streamKey } from '../../core/random.ts';
import { epsteinSchema, epsteinParamsSchema, runEpstein, createEpstein, roundHalfEven, jailTerm, vonNeumannOffsets, CitizenState, Seen, type EpsteinModel, type EpsteinParams } from './index.ts';

const params = (overrides: Partial<EpsteinParams> = {}): EpsteinParams => epsteinParamsSchema.parse(overrides);

const share = (counts: Int32Array, citizens: number, from: number, to: number) => {
  let sum = 0;
  for (let t = from; t <= to; t++) sum += counts[t];
  return sum / (to - from + 1) / citizens;
};

test('round half to even, as Python round()', () => {
  assert.equal(roundHalfEven(0.5), 0);
  assert.equal(roundHalfEven(1.5), 2);
  assert.equal(roundHalfEven(2.5), 2);
  assert.ok(Object.is(roundHalfEven(-0.5), -0));
  assert.equal(roundHalfEven(-1.5), -2);
  assert.equal(roundHalfEven(3 / 6), 0); // C = 3 cops, A = 6 actives: no deterrence
  assert.equal(roundHalfEven(5 / 2), 2);
  assert.equal(roundHalfEven(7 / 2), 4);
  assert.equal(roundHalfEven(0.49999), 0);
  assert.equal(roundHalfEven(2 / 3), 1);
  assert.equal(roundHalfEven(8), 8);
});

test('jail terms are randint(0, J_max): both ends included, nothing outside', () => {
  const key = streamKey(3, 'jail-term-test');
  const seen = new Set<number>();
  for (let cop = 0; cop < 2000; cop++) seen.add(jailTerm(key, cop, 1, 3));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
  for (let cop = 0; cop < 200; cop++) assert.equal(jailTerm(key, cop, 1, 0), 0);
});

test('vision is the von Neumann diamond of Mesa’s grid, centre excluded, each cell once', () => {
  assert.equal(vonNeumannOffsets(1, 40, 40).dx.length, 4);
  assert.equal(vonNeumannOffsets(7, 40, 40).dx.length, 2 * 7 * 8);
  assert.equal(vonNeumannOffsets(7, 5, 5).dx.length, 24); // the whole torus but oneself
  assert.equal(vonNeumannOffsets(1, 2, 2).dx.length, 2); // left and right are the same cell
  // Against brute force: torus Manhattan distance <= radius.
  const [w, h, r] = [9, 7, 3];
  const { dx, dy } = vonNeumannOffsets(r, w, h);
  const got = new Set<number>();
  for (let o = 0; o < dx.length; o++) got.add(dy[o] * w + dx[o]);
  const want = new Set<number>();
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const d = Math.min(x, w - x) + Math.min(y, h - y);
      if ((x || y) && d <= r) want.add(y * w + x);
    }
  assert.deepEqual(
    [...got].sort((a, b) => a - b),
    [...want].sort((a, b) => a - b),
  );
});

test('the schema has Mesa’s defaults, is strict and checks the densities', () => {
  const s = epsteinSchema.parse({ model: 'epstein-civil-violence' });
  assert.deepEqual(
    [s.width, s.height, s.citizenDensity, s.copDensity, s.citizenVision, s.copVision, s.legitimacy, s.maxJailTerm, s.activeThreshold, s.arrestProbConstant, s.movement, s.steps],
    [40, 40, 0.7, 0.074, 7, 7, 0.8, 1000, 0.1, 2.3, true, 1000],
  );
  assert.throws(() => epsteinSchema.parse({ model: 'epstein-civil-violence', cops: 3 }));
  assert.throws(() => epsteinSchema.parse({ model: 'epstein-civil-violence', citizenDensity: 0.95, copDensity: 0.1 }));
  assert.throws(() => epsteinSchema.parse({ model: 'something-else' }));
  const file = epsteinSchema.parse(parse(readFileSync(new URL('../../../scenarios/reference/epstein.yaml', import.meta.url), 'utf8')));
  assert.deepEqual({ ...file, name: s.name, description: s.description }, s);
});

test('the same seed gives the same run; another seed another', () => {
  const p = params({ legitimacy: 0.5, maxJailTerm: 30 });
  const finalCells = (seed: number) => {
    let cells: Int32Array | undefined;
    const run = runEpstein(p, {
      seed,
      steps: 120,
      onStep: (m, t) => {
        if (t === 120) cells = m.cell.slice();
      },
    });
    return { run, cells: cells! };
  };
  const a = finalCells(7);
  const b = finalCells(7);
  const c = finalCells(8);
  for (const key of ['active', 'quiet', 'arrested'] as const) assert.deepEqual(a.run[key], b.run[key]);
  assert.deepEqual(a.cells, b.cells);
  assert.notDeepEqual([a.run.active, a.run.arrested], [c.run.active, c.run.arrested]);
  assert.equal(a.run.jailed, a.run.arrested);
  assert.equal(a.run.active.length, 121); // step 0 (Mesa collects in __init__) and 120 steps
  assert.equal(a.run.agentSteps, (a.run.citizens + a.run.cops) * 120);
});

/** Checks every invariant of a model against the state it had one step earlier. */
function checkInvariants(m: EpsteinModel, before: { cell: Int32Array; jail: Int32Array; state: Uint8Array } | undefined) {
  const { ACTIVE, QUIET, ARRESTED, COP } = CitizenState;
  let active = 0,
    quiet = 0,
    arrested = 0,
    occupied = 0;
  for (let c = 0; c < m.grid.length; c++) {
    const o = m.grid[c];
    if (o >= 0) occupied++;
    const shown = o < 0 ? Seen.EMPTY : m.isCop[o] ? Seen.COP : m.state[o] === ACTIVE ? Seen.ACTIVE : Seen.OTHER;
    assert.equal(m.seen[c], shown, `cell ${c} shows what it holds`);
  }
  assert.equal(occupied, m.agents, 'one agent per occupied cell');
  for (let a = 0; a < m.agents; a++) {
    assert.equal(m.grid[m.cell[a]], a, `agent ${a} is where the grid says`);
    const s = m.state[a];
    if (m.isCop[a]) {
      assert.equal(s, COP);
      continue;
    }
    if (s === ACTIVE) active++;
    else if (s === QUIET) quiet++;
    else if (s === ARRESTED) arrested++;
    else assert.fail(`citizen ${a} in state ${s}`);
    assert.ok(m.jail[a] >= 0 && m.jail[a] <= m.params.maxJailTerm, `jail term ${m.jail[a]} within [0, J_max]`);
    if (m.jail[a] > 0) assert.equal(s, ARRESTED, 'a citizen with jail left is never active or quiet');
    if (before && before.jail[a] > 0) {
      assert.equal(m.cell[a], before.cell[a], 'a jailed citizen does not move');
      assert.equal(m.jail[a], before.jail[a] - 1, 'a jailed citizen serves one step per step');
      assert.equal(s, ARRESTED);
    }
  }
  assert.equal(active, m.active);
  assert.equal(quiet, m.quiet);
  assert.equal(arrested, m.arrested);
  assert.equal(active + quiet + arrested, m.citizens, 'active + quiet + jailed = citizens');
}

test('invariants hold at every step (arrests, releases, moves)', () => {
  let before: { cell: Int32Array; jail: Int32Array; state: Uint8Array } | undefined;
  let arrests = 0,
    releases = 0,
    moves = 0;
  const run = runEpstein(params({ legitimacy: 0.5, maxJailTerm: 15 }), {
    seed: 11,
    steps: 200,
    onStep: (m) => {
      checkInvariants(m, before);
      if (before)
        for (let a = 0; a < m.agents; a++) {
          if (m.state[a] === CitizenState.ARRESTED && before.state[a] !== CitizenState.ARRESTED) arrests++;
          if (m.state[a] !== CitizenState.ARRESTED && before.state[a] === CitizenState.ARRESTED) releases++;
          if (m.cell[a] !== before.cell[a]) moves++;
        }
      before = { cell: m.cell.slice(), jail: m.jail.slice(), state: m.state.slice() };
    },
  });
  assert.ok(arrests > 50 && releases > 50 && moves > 1000, `arrests ${arrests}, releases ${releases}, moves ${moves}`);
  for (let t = 0; t <= run.steps; t++) assert.equal(run.active[t] + run.quiet[t] + run.arrested[t], run.citizens);
});

/** Steps between two cells on the torus, the von Neumann way. */
const torusDistance = (m: EpsteinModel, a: number, b: number) => {
  const dx = Math.abs((a % m.width) - (b % m.width));
  const dy = Math.abs(Math.floor(a / m.width) - Math.floor(b / m.width));
  return Math.min(dx, m.width - dx) + Math.min(dy, m.height - dy);
};

// A frozen country (nobody moves; grievance so low that nobody turns active, so nobody is arrested):
// each citizen's P is 1 - exp(-k C) with C the cops within its vision, counted here by brute force.
test('a citizen counts the cops in its sight, across the edges, on large, narrow and small tori', () => {
  for (const [width, height, vision] of [
    [40, 40, 7],
    [15, 33, 7],
    [9, 9, 7],
    [23, 17, 3],
    [60, 40, 5],
  ]) {
    const p = params({ width, height, citizenVision: vision, copDensity: 0.2, legitimacy: 0.999, movement: false });
    const run = runEpstein(p, {
      seed: 3,
      steps: 1,
      onStep: (m, t) => {
        if (t !== 1) return;
        let nearEdge = 0;
        for (let a = 0; a < m.agents; a++) {
          if (m.isCop[a]) continue;
          let cops = 0;
          for (let b = 0; b < m.agents; b++) if (m.isCop[b] && torusDistance(m, m.cell[a], m.cell[b]) <= vision) cops++;
          assert.equal(m.arrestProbability[a], 1 - Math.exp(-p.arrestProbConstant * cops), `${width}x${height}: citizen ${a} at cell ${m.cell[a]}`);
          const x = m.cell[a] % width;
          if (x < vision || x >= width - vision) nearEdge++;
        }
        assert.ok(nearEdge > 0);
      },
    });
    assert.equal(run.active[1], 0);
  }
});

// Rows summed or every cell read: two ways of taking the same counts, so the same run, cell for cell.
test('summed rows and cell-by-cell looks give the same run, step for step', () => {
  for (const [width, height, citizenVision, copVision] of [
    [40, 40, 7, 7],
    [23, 31, 4, 2],
    [70, 20, 5, 6],
  ]) {
    const p = params({ width, height, citizenVision, copVision, legitimacy: 0.5, maxJailTerm: 12 });
    const cells = (rowSums: boolean) => {
      const steps: Int32Array[] = [];
      const run = runEpstein(p, { seed: 9, steps: 80, rowSums, onStep: (m) => steps.push(m.cell.slice()) });
      return { steps, run };
    };
    const summed = cells(true);
    const read = cells(false);
    assert.ok(summed.run.arrested[80] > 0, `${width}x${height}: some arrests`);
    assert.deepEqual(summed.run.active, read.run.active);
    for (let t = 0; t <= 80; t++) assert.deepEqual(summed.steps[t], read.steps[t], `${width}x${height}: step ${t}`);
  }
});

test('every move stays within the mover’s vision, across the edges', () => {
  for (const [width, height] of [
    [40, 40],
    [16, 30],
    [10, 10],
  ]) {
    const p = params({ width, height, citizenVision: 5, copVision: 2, legitimacy: 0.5, maxJailTerm: 10 });
    let before: Int32Array | undefined;
    let across = 0;
    runEpstein(p, {
      seed: 4,
      steps: 60,
      onStep: (m) => {
        for (let a = 0; before && a < m.agents; a++) {
          const d = torusDistance(m, before[a], m.cell[a]);
          assert.ok(d <= (m.isCop[a] ? p.copVision : p.citizenVision), `${width}x${height}: agent ${a} moved ${d} cells`);
          const straight = Math.abs((before[a] % width) - (m.cell[a] % width)) + Math.abs(Math.floor(before[a] / width) - Math.floor(m.cell[a] / width));
          if (straight > d) across++;
        }
        before = m.cell.slice();
      },
    });
    assert.ok(across > 20, `${width}x${height}: ${across} moves across an edge`);
  }
});

test('without movement nobody moves; the first record is all quiet', () => {
  const m0 = createEpstein(params({ movement: false }), 5);
  const start = m0.cell.slice();
  const run = runEpstein(params({ movement: false, legitimacy: 0.4 }), {
    seed: 5,
    steps: 30,
    onStep: (m) => assert.deepEqual(m.cell, start),
  });
  assert.equal(run.active[0], 0);
  assert.equal(run.arrested[0], 0);
  assert.equal(run.quiet[0], run.citizens);
  assert.ok(run.arrested[30] > 0);
});

// Mesa's defaults keep the country quiet. Over 30 seeds and 250 steps: the mean share of citizens
// active in steps 51-250 was at most 0.0006, the peak share active at any step at most 0.029, and the
// share in jail at step 250 at most 0.18 (mean 0.06). An outburst at low legitimacy reaches 10-70 %
// active. The bounds (1 %, 10 %, 30 %) sit well above every quiet run and well below any outburst, so
// a model whose deterrence fails (no risk term, a wrong sign, cops that do not count) fails here:
// without the risk term half the citizens turn active at step 1.
test('at Mesa’s defaults the run stays nearly quiet', () => {
  for (const seed of [1, 2, 3]) {
    const run = runEpstein(params(), { seed, steps: 250 });
    const active = share(run.active, run.citizens, 51, 250);
    assert.ok(active < 0.01, `seed ${seed}: mean share active ${active}`);
    const peak = Math.max(...run.active) / run.citizens;
    assert.ok(peak < 0.1, `seed ${seed}: peak share active ${peak}`);
    const jailed = run.arrested[250] / run.citizens;
    assert.ok(jailed < 0.3, `seed ${seed}: share jailed ${jailed}`);
  }
});

// At L = 0.3 grievance beats deterrence wherever actives outnumber cops two to one (round(C / A)
// falls to 0): within a few steps 52-65 % of citizens are active (12 seeds), then the cops fill the
// jails (70 % jailed by step 100). The test asks for a fifth active and a quarter jailed.
test('at low legitimacy there are outbursts and arrests', () => {
  for (const seed of [1, 2, 3]) {
    const run = runEpstein(params({ legitimacy: 0.3 }), { seed, steps: 100 });
    const peak = Math.max(...run.active) / run.citizens;
    assert.ok(peak > 0.2, `seed ${seed}: peak share active ${peak}`);
    assert.ok(run.arrested[100] / run.citizens > 0.25, `seed ${seed}: share jailed ${run.arrested[100] / run.citizens}`);
  }
});
