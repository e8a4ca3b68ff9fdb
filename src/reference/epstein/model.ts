import { streamKey, uniform, below } from '../../core/random.ts';
import type { EpsteinParams } from './schema.ts';

/**
 * Epstein's (2002) civil violence model I, rule for rule as Mesa 3.3.1 implements it in
 * `mesa/examples/advanced/epstein_civil_violence` (agents.py, model.py). See
 * docs/reference-epstein.md for the rules, their Mesa names and where Mesa departs from the paper.
 *
 * Agent state is struct-of-arrays; the grid is a flat array of occupant ids. Randomness comes from
 * the keyed generator, so a run is a pure function of (params, seed); it does not reproduce
 * Python's Mersenne Twister stream, only the rules that consume it.
 */

/** Mesa's `CitizenState` enum values; cops carry `COP` in the same array. */
export const CitizenState = { COP: 0, ACTIVE: 1, QUIET: 2, ARRESTED: 3 } as const;
const { COP, ACTIVE, QUIET, ARRESTED } = CitizenState;

/** What an agent looking at a cell tells apart: nobody, a cop, an active citizen, any other citizen. */
export const Seen = { EMPTY: 0, COP: 1, ACTIVE: 2, OTHER: 3 } as const;
/** What a cell adds to a citizen's count of what it sees: cops in the low 16 bits, actives above (a citizen's sight holds at most 65,160 cells: the schema bounds its vision). */
const COUNT_OF = Int32Array.from([0, 1, 1 << 16, 0]);
const FIELD = 0xffff;
/** What a cell adds to its row's running sums: cops, actives and empty cells in three 10-bit fields (rows are summed only where a sight holds fewer than 1,024 cells). */
const SUM_OF = Int32Array.from([1 << 20, 1, 1 << 10, 0]);
const SUM_BITS = 10;
const SUM_FIELD = (1 << SUM_BITS) - 1;
/** Where `Seen` value v is counted in a row's sums (by shifting the sum right): empty cells, cops, actives. */
const SUM_SHIFT = Int32Array.from([2 * SUM_BITS, 0, SUM_BITS, 0]);

/** `k` slots of the keyed generator: one purpose each, so no two draws ever share a key. */
const K_CELL = 0; // setup: what starts in a cell
const K_HARDSHIP = 0; // setup: a citizen's H
const K_RISK = 1; // setup: a citizen's R
const K_MOVE = 0; // step: which empty cell an agent moves to
const K_ARRESTEE = 1; // step: which active citizen a cop arrests
const K_TERM = 2; // step: the jail term a cop hands out

export interface EpsteinModel {
  readonly params: EpsteinParams;
  readonly seed: number;
  /** Steps taken so far (Mesa's `model.steps`). */
  step: number;
  readonly width: number;
  readonly height: number;
  /** Occupant agent id of each cell (index y * width + x), -1 when empty. Capacity is 1, as in Mesa. */
  readonly grid: Int32Array;
  /** What an onlooker sees in each cell (`Seen`): kept in step with `grid` and `state` so looking is one read. */
  readonly seen: Uint8Array;
  /** Agents are numbered in the order Mesa creates them: cell by cell. */
  readonly agents: number;
  readonly citizens: number;
  readonly cops: number;
  readonly isCop: Uint8Array;
  /** Cell of each agent. Jailed citizens keep theirs (Mesa never takes them off the grid). */
  readonly cell: Int32Array;
  /** `CitizenState` of each agent (`COP` for cops). */
  readonly state: Uint8Array;
  /** Steps of jail left (Mesa's `jail_sentence`). */
  readonly jail: Int32Array;
  readonly hardship: Float64Array;
  readonly riskAversion: Float64Array;
  /** G = H (1 - L), fixed at creation as in Mesa. */
  readonly grievance: Float64Array;
  /** The citizen's last estimate P (Mesa's `arrest_probability`); NaN before its first turn (Mesa: None). */
  readonly arrestProbability: Float64Array;
  /** Counts after the last step (Mesa's model attributes ACTIVE, QUIET, ARRESTED). */
  active: number;
  quiet: number;
  arrested: number;
  /** Internal: neighbourhoods, scratch buffers and random streams. */
  readonly work: Work;
}

export interface Neighbourhood {
  radius: number;
  /** Offsets as (dx, dy) already reduced to [0, width) x [0, height), deduplicated, centre excluded. */
  dx: Int32Array;
  dy: Int32Array;
  /**
   * The same cells as row segments (dy, first dx, last dx + 1), row by row in the order of the
   * offsets, the centre's row in two: on a torus wider and taller than the diamond, where no two
   * offsets meet, a segment is one or (across the left or right edge) two runs of adjacent cells.
   * null on a smaller torus, where the cells are looked at one by one.
   */
  rows: Int32Array | null;
}

interface Work {
  citizenSight: Neighbourhood;
  copSight: Neighbourhood;
  /** wrapX[x] = x mod width for x < 2 width. */
  wrapX: Int32Array;
  /**
   * Whether each row's running sums are kept (rowSums): where a row is shorter than a sight, a look
   * reads two sums a row segment and a change of what a cell shows rewrites the rest of its row,
   * which costs less than reading every cell in sight. Runs are then in the sums' indices.
   */
  summed: boolean;
  /** rowStart[y + height] = (y mod height) * stride for y from -height to 2 height: the row's first index, in the grid (stride width) or in the sums (width + 1). */
  rowStart: Int32Array;
  /**
   * Row y's running sums at y (width + 1) + x: of SUM_OF over the row's cells before x (cops, actives
   * and empty cells, in three fields); at x = width, the row's whole. Empty when not `summed`.
   */
  rowSums: Int32Array;
  /** P = 1 - exp(-k n) for each whole n a round(C / A) can take. */
  arrestProbabilityOf: Float64Array;
  order: Int32Array;
  /** Scratch: what `look` saw, as runs of cells [runs[2 i], runs[2 i + 1]). */
  runs: Int32Array;
  /** Scratch, where rows are not summed: the empty cells and the active citizens among what `look` saw, in its order. */
  empties: Int32Array;
  actives: Int32Array;
  keys: { shuffle: number; move: number; arrest: number };
}

/**
 * Python's `round(x)` for a float: to the nearest integer, ties to even (banker's rounding).
 * Math.round breaks ties upwards, so a tie that lands on an odd number is pulled down by one.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Python's `random.randint(0, maxJailTerm)`: both ends included. */
export function jailTerm(key: number, cop: number, step: number, maxJailTerm: number): number {
  return below(key, cop, step, K_TERM, maxJailTerm + 1);
}

/**
 * The cells Mesa's `cell.get_neighborhood(radius)` returns on an `OrthogonalVonNeumannGrid` torus:
 * every cell within `radius` orthogonal steps (a Manhattan diamond), the centre excluded. On a torus
 * smaller than the diamond the same cell is reachable by several offsets; Mesa's dict keeps it once.
 */
export function vonNeumannOffsets(radius: number, width: number, height: number): Neighbourhood {
  const taken = new Set<number>();
  const dx: number[] = [];
  const dy: number[] = [];
  for (let oy = -radius; oy <= radius; oy++) {
    const reach = radius - Math.abs(oy);
    for (let ox = -reach; ox <= reach; ox++) {
      const x = ((ox % width) + width) % width;
      const y = ((oy % height) + height) % height;
      const id = y * width + x;
      if (id === 0 || taken.has(id)) continue;
      taken.add(id);
      dx.push(x);
      dy.push(y);
    }
  }
  let rows: number[] | null = null;
  if (width > 2 * radius && height > 2 * radius) {
    rows = [];
    for (let oy = -radius; oy <= radius; oy++) {
      const reach = radius - Math.abs(oy);
      if (oy === 0) rows.push(0, -reach, 0, 0, 1, reach + 1);
      else rows.push(oy, -reach, reach + 1);
    }
  }
  return { radius, dx: Int32Array.from(dx), dy: Int32Array.from(dy), rows: rows && Int32Array.from(rows) };
}

/**
 * Mesa's `EpsteinCivilViolence.__init__`: each cell in turn holds a citizen with probability
 * citizenDensity, else a cop with probability copDensity, else nobody (`random.choices` with
 * cumulative weights). Citizens draw H and R from U(0, 1) and start quiet.
 */
export function createEpstein(params: EpsteinParams, seed: number, how: { rowSums?: boolean } = {}): EpsteinModel {
  const { width, height, citizenDensity, copDensity, legitimacy } = params;
  if (citizenDensity + copDensity > 1) throw new Error('citizenDensity + copDensity must be at most 1');
  const cells = width * height;
  const setupKey = streamKey(seed, 'epstein.setup.cell');
  const traitKey = streamKey(seed, 'epstein.setup.traits');

  const grid = new Int32Array(cells).fill(-1);
  const seen = new Uint8Array(cells);
  const kinds = new Uint8Array(cells); // 0 empty, 1 citizen, 2 cop
  let agents = 0;
  let cops = 0;
  const copCut = citizenDensity + copDensity;
  for (let c = 0; c < cells; c++) {
    const u = uniform(setupKey, c, 0, K_CELL);
    // bisect_right over cum_weights: a draw equal to a boundary falls in the next class.
    kinds[c] = u < citizenDensity ? 1 : u < copCut ? 2 : 0;
    if (kinds[c] !== 0) agents++;
    if (kinds[c] === 2) cops++;
  }

  const isCop = new Uint8Array(agents);
  const cell = new Int32Array(agents);
  const state = new Uint8Array(agents);
  const hardship = new Float64Array(agents);
  const riskAversion = new Float64Array(agents);
  const grievance = new Float64Array(agents);
  const arrestProbability = new Float64Array(agents).fill(NaN);
  let a = 0;
  for (let c = 0; c < cells; c++) {
    if (kinds[c] === 0) continue;
    grid[c] = a;
    cell[a] = c;
    if (kinds[c] === 2) {
      isCop[a] = 1;
      state[a] = COP;
      seen[c] = Seen.COP;
    } else {
      seen[c] = Seen.OTHER;
      hardship[a] = uniform(traitKey, a, 0, K_HARDSHIP);
      riskAversion[a] = uniform(traitKey, a, 0, K_RISK);
      grievance[a] = hardship[a] * (1 - legitimacy);
      state[a] = QUIET;
    }
    a++;
  }

  const citizenSight = vonNeumannOffsets(params.citizenVision, width, height);
  const copSight = vonNeumannOffsets(params.copVision, width, height);
  const widest = Math.max(citizenSight.dx.length, copSight.dx.length);
  // Summed where a row costs less to rewrite than a sight to read (at vision 7, 112 cells: 40 x 40 1.47x
  // faster, 110 x 110 1.15x, even at about 150 x 150), where every count fits its field, unless `how` says
  const summable = citizenSight.rows !== null && copSight.rows !== null && widest <= SUM_FIELD;
  const summed = summable && (how.rowSums ?? width < citizenSight.dx.length);
  const stride = summed ? width + 1 : width;
  const rowSums = new Int32Array(summed ? height * stride : 0);
  for (let y = 0; summed && y < height; y++) {
    for (let x = 0; x < width; x++) rowSums[y * stride + x + 1] = rowSums[y * stride + x] + SUM_OF[seen[y * width + x]];
  }
  // round(C / A) <= C <= cells in sight, so the table covers every case.
  const arrestProbabilityOf = new Float64Array(widest + 1);
  for (let n = 0; n <= widest; n++) arrestProbabilityOf[n] = 1 - Math.exp(-1 * params.arrestProbConstant * n);

  const model: EpsteinModel = {
    params,
    seed,
    step: 0,
    width,
    height,
    grid,
    seen,
    agents,
    citizens: agents - cops,
    cops,
    isCop,
    cell,
    state,
    jail: new Int32Array(agents),
    hardship,
    riskAversion,
    grievance,
    arrestProbability,
    active: 0,
    quiet: 0,
    arrested: 0,
    work: {
      citizenSight,
      copSight,
      wrapX: Int32Array.from({ length: 2 * width }, (_, x) => x % width),
      summed,
      rowStart: Int32Array.from({ length: 3 * height }, (_, y) => (y % height) * stride),
      rowSums,
      arrestProbabilityOf,
      order: new Int32Array(agents),
      runs: new Int32Array(2 * widest),
      empties: new Int32Array(widest),
      actives: new Int32Array(widest),
      keys: {
        shuffle: streamKey(seed, 'epstein.step.shuffle'),
        move: streamKey(seed, 'epstein.step.move'),
        arrest: streamKey(seed, 'epstein.step.arrest'),
      },
    },
  };
  countStates(model);
  return model;
}

/**
 * Mesa's `EpsteinCivilViolence.step`: `self.agents.shuffle_do("step")` activates every agent once,
 * in a fresh random order (a shuffle of creation order), each seeing what the agents before it did
 * (sequential updating); then the counts are taken.
 */
export function stepEpstein(model: EpsteinModel): void {
  if (model.step >= 65535) throw new Error('the keyed generator numbers steps below 65536');
  model.step++;
  const { order, keys } = model.work;
  const t = model.step;
  for (let i = 0; i < model.agents; i++) order[i] = i;
  // Fisher-Yates as Python's random.shuffle: from the last position down, swap with one at or before it.
  for (let i = model.agents - 1; i > 0; i--) {
    const j = below(keys.shuffle, i, t, 0, i + 1);
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  for (let i = 0; i < model.agents; i++) {
    const a = order[i];
    if (model.isCop[a]) copStep(model, a);
    else citizenStep(model, a);
  }
  countStates(model);
}

/**
 * `Citizen.step`: a jailed citizen serves one step and does nothing else. Otherwise it looks around,
 * estimates P = 1 - exp(-k round(C / A)) with C the cops and A the active citizens in vision plus
 * itself, turns active iff G - R P > T (else quiet), and moves.
 */
function citizenStep(model: EpsteinModel, a: number): void {
  if (model.jail[a] > 0) {
    model.jail[a]--;
    // A citizen whose term just ran out stays ARRESTED until its next turn, as in Mesa.
    return;
  }
  const { seen, state, work } = model;
  const { empties } = work;
  const here = model.cell[a];
  const runs = work.runs;
  const runEnds = look(model, here, work.citizenSight);
  let counts = 0;
  let emptyCount = 0;
  if (work.summed) {
    const sums = sumInSight(work, runEnds);
    counts = (sums & SUM_FIELD) | (((sums >>> SUM_BITS) & SUM_FIELD) << 16);
    emptyCount = sums >>> (2 * SUM_BITS);
  } else {
    // Counted without branches (what a cell holds is close to random, so branches would mispredict),
    // cops and actives in two fields of one number
    for (let r = 0; r < runEnds; r += 2) {
      for (let c = runs[r], end = runs[r + 1]; c < end; c++) {
        const v = seen[c];
        counts += COUNT_OF[v];
        empties[emptyCount] = c;
        emptyCount += +(v === Seen.EMPTY);
      }
    }
  }
  const copsInVision = counts & FIELD;
  const activesInVision = 1 + (counts >>> 16); // the citizen counts herself
  // The round is Mesa's, not the paper's: see docs/reference-epstein.md.
  const p = work.arrestProbabilityOf[roundHalfEven(copsInVision / activesInVision)];
  model.arrestProbability[a] = p;
  const active = model.grievance[a] - model.riskAversion[a] * p > model.params.activeThreshold;
  state[a] = active ? ACTIVE : QUIET;
  show(model, here, active ? Seen.ACTIVE : Seen.OTHER);
  move(model, a, runEnds, emptyCount);
}

/**
 * `Cop.step`: look around, arrest one active citizen in vision chosen at random for
 * randint(0, J_max) steps, then move. The arrestee stays in its cell.
 */
function copStep(model: EpsteinModel, a: number): void {
  const { grid, seen, state, work } = model;
  const { empties, actives } = work;
  const runs = work.runs;
  const runEnds = look(model, model.cell[a], work.copSight);
  let activeCount = 0;
  let emptyCount = 0;
  if (work.summed) {
    const sums = sumInSight(work, runEnds);
    activeCount = (sums >>> SUM_BITS) & SUM_FIELD;
    emptyCount = sums >>> (2 * SUM_BITS);
  } else {
    for (let r = 0; r < runEnds; r += 2) {
      for (let c = runs[r], end = runs[r + 1]; c < end; c++) {
        const v = seen[c];
        empties[emptyCount] = c;
        emptyCount += +(v === Seen.EMPTY);
        actives[activeCount] = grid[c];
        activeCount += +(v === Seen.ACTIVE);
      }
    }
  }
  if (activeCount > 0) {
    const k = below(work.keys.arrest, a, model.step, K_ARRESTEE, activeCount);
    const arrestee = work.summed ? grid[nthInSight(model, runEnds, Seen.ACTIVE, k)] : actives[k];
    model.jail[arrestee] = jailTerm(work.keys.arrest, a, model.step, model.params.maxJailTerm);
    state[arrestee] = ARRESTED;
    show(model, model.cell[arrestee], Seen.OTHER);
    // An arrestee whose turn is still to come this step serves the first step of its term then.
  }
  move(model, a, runEnds, emptyCount);
}

/**
 * `EpsteinAgent.update_neighbors`' `cell.get_neighborhood(radius=vision)`: writes the cells in sight
 * of `here`, in the order of the offsets, as runs of adjacent cells into `work.runs` and returns
 * where the runs end (twice their number). A row segment is one run, or two where it crosses the
 * left or right edge; on a torus too small for segments every cell is a run of its own.
 */
function look(model: EpsteinModel, here: number, sight: Neighbourhood): number {
  const { runs, rowStart, wrapX } = model.work;
  const { width, height } = model;
  const x = here % width;
  const y = (here - x) / width;
  const rows = sight.rows;
  let n = 0;
  if (rows === null) {
    const { dx, dy } = sight;
    for (let o = 0; o < dx.length; o++) {
      const c = rowStart[y + dy[o] + height] + wrapX[x + dx[o]]; // never summed here: rowStart is in grid indices
      runs[n++] = c;
      runs[n++] = c + 1;
    }
    return n;
  }
  for (let s = 0; s < rows.length; s += 3) {
    const row = rowStart[y + rows[s] + height];
    const from = x + rows[s + 1];
    const to = x + rows[s + 2];
    if (from < 0) {
      runs[n++] = row + from + width;
      runs[n++] = row + width;
      runs[n++] = row;
      runs[n++] = row + to;
    } else if (to > width) {
      runs[n++] = row + from;
      runs[n++] = row + width;
      runs[n++] = row;
      runs[n++] = row + to - width;
    } else {
      runs[n++] = row + from;
      runs[n++] = row + to;
    }
  }
  return n;
}

/** `EpsteinAgent.move`: if movement is on, go to a random cell among the empty ones seen this turn. */
function move(model: EpsteinModel, a: number, runEnds: number, emptyCount: number): void {
  if (!model.params.movement || emptyCount === 0) return;
  const k = below(model.work.keys.move, a, model.step, K_MOVE, emptyCount);
  const to = model.work.summed ? nthInSight(model, runEnds, Seen.EMPTY, k) : model.work.empties[k];
  const from = model.cell[a];
  model.grid[from] = -1;
  model.grid[to] = a;
  show(model, to, model.seen[from]);
  show(model, from, Seen.EMPTY);
  model.cell[a] = to;
}

/** Cell `c` shows `what` from now on; where rows are summed, the rest of its row's sums follow. */
function show(model: EpsteinModel, c: number, what: number): void {
  const { seen, work } = model;
  const was = seen[c];
  seen[c] = what;
  if (!work.summed) return;
  const change = SUM_OF[what] - SUM_OF[was];
  if (change === 0) return;
  const width = model.width;
  const x = c % width;
  const row = ((c - x) / width) * (width + 1);
  const rowSums = work.rowSums;
  for (let p = row + x + 1; p <= row + width; p++) rowSums[p] += change;
}

/** Where rows are summed: the sums (SUM_OF's three fields) over the cells `look` saw. */
function sumInSight(work: Work, runEnds: number): number {
  const { runs, rowSums } = work;
  let sums = 0;
  for (let r = 0; r < runEnds; r += 2) sums += rowSums[runs[r + 1]] - rowSums[runs[r]];
  return sums;
}

/** Where rows are summed: the grid cell of the k-th (from 0) of the cells `look` saw that shows `what` (empty or active). */
function nthInSight(model: EpsteinModel, runEnds: number, what: number, k: number): number {
  const { runs, rowSums } = model.work;
  const shift = SUM_SHIFT[what];
  for (let r = 0; r < runEnds; r += 2) {
    const from = runs[r];
    const before = (rowSums[from] >>> shift) & SUM_FIELD;
    const inRun = ((rowSums[runs[r + 1]] >>> shift) & SUM_FIELD) - before;
    if (inRun <= k) {
      k -= inRun;
      continue;
    }
    // the first cell of the run at which the count passes k
    let p = from;
    while (((rowSums[p + 1] >>> shift) & SUM_FIELD) - before <= k) p++;
    return p - Math.floor(from / (model.width + 1));
  }
  throw new Error(`fewer cells in sight show ${what} than counted`);
}

/** `_update_counts`: citizens by state. */
function countStates(model: EpsteinModel): void {
  let active = 0;
  let quiet = 0;
  let arrested = 0;
  for (let a = 0; a < model.agents; a++) {
    const s = model.state[a];
    if (s === ACTIVE) active++;
    else if (s === QUIET) quiet++;
    else if (s === ARRESTED) arrested++;
  }
  model.active = active;
  model.quiet = quiet;
  model.arrested = arrested;
}

export interface EpsteinRun {
  /** Citizens in each state, indexed by step: [0] is the initial state Mesa's DataCollector records in __init__. */
  active: Int32Array;
  quiet: Int32Array;
  /** Mesa's DataCollector column "arrested" (state ARRESTED, whether or not any term is left). */
  arrested: Int32Array;
  /** The same array as `arrested`, under the name Credence uses. */
  jailed: Int32Array;
  steps: number;
  citizens: number;
  cops: number;
  /** Agent activations performed: agents x steps (jailed citizens and cops included, as in Mesa). */
  agentSteps: number;
  /** Wall time of the whole run, setup included. */
  durationMs: number;
}

export interface RunOptions {
  seed: number;
  steps: number;
  /** Called with the model after the initial count (step 0) and after every step. */
  onStep?: (model: EpsteinModel, step: number) => void;
  /** How the counts are taken, not what they are: rows summed or not (default: whichever is faster for the grid). */
  rowSums?: boolean;
}

/** Create a model and step it `steps` times, recording the counts Mesa's DataCollector records. */
export function runEpstein(params: EpsteinParams, { seed, steps, onStep, rowSums }: RunOptions): EpsteinRun {
  const started = performance.now();
  const model = createEpstein(params, seed, { rowSums });
  const active = new Int32Array(steps + 1);
  const quiet = new Int32Array(steps + 1);
  const arrested = new Int32Array(steps + 1);
  const record = (t: number) => {
    active[t] = model.active;
    quiet[t] = model.quiet;
    arrested[t] = model.arrested;
    onStep?.(model, t);
  };
  record(0);
  for (let t = 1; t <= steps; t++) {
    stepEpstein(model);
    record(t);
  }
  return {
    active,
    quiet,
    arrested,
    jailed: arrested,
    steps,
    citizens: model.citizens,
    cops: model.cops,
    agentSteps: model.agents * steps,
    durationMs: performance.now() - started,
  };
}
