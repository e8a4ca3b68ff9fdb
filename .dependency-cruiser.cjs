// Import boundaries of Credence, checked by dependency-cruiser (`npm run lint:imports`).
//
// The library is a stack of floors: a file may import its own folder, anything on a lower floor
// that its row names, node builtins and npm packages. The five pipeline stages are peers on one
// floor, in pipeline order: a stage may import an earlier stage, never a later one (data flows
// life -> observe -> judge -> consequence -> measure; feedback reaches tomorrow through state).
// The shells (cli, server, bench, web) are thin: they reach the library only through its front
// door, src/index.ts (the CLI also through src/essentials.ts, the part of it that loads at
// start; it loads the rest when a command runs). The table below is the whole policy; one rule is generated per row.
//
// Tests (`*.test.ts`, `test/`) are exempt from the floors (they may reach into internals), but
// not from no-circular.

/** @typedef {[floor: number, where: string, name: string, mayImport: string[]]} Row */

// '...name' means: name itself and everything that name may import.
// A path ('src/x/y.ts') names one file that is not a row of its own.
// biome-ignore format: the table is aligned by hand
/** @type {Row[]} */
const FLOORS = [
  // floor  folder or file       name            may import, besides itself (lower floors only)
  [0,  'src/core/',           'core',         []],
  [1,  'src/scenario/',       'scenario',     ['core']],
  [2,  'src/city/',           'city',         ['core', 'scenario']],
  [2,  'src/population/',     'population',   ['core', 'scenario', 'city']], // city may not import population
  [3,  'src/policy/',         'policy',       ['core', 'scenario', 'city', 'population']],
  [4,  'src/load/',           'load',         ['...policy']],
  [4,  'src/world.ts',        'world',        ['...policy']],                // the World type, no code
  [5,  'src/life/',           'life',         ['...world']],                 // stages: never load/
  [5,  'src/observe/',        'observe',      ['...life']],
  [5,  'src/judge/',          'judge',        ['...observe']],
  [5,  'src/consequence/',    'consequence',  ['...judge']],
  [5,  'src/measure/',        'measure',      ['...consequence']],
  [5,  'src/reference/',      'reference',    ['core', 'scenario']],         // standalone reference models
  [6,  'src/engine/',         'engine',       ['...measure', 'reference']],  // everything below but load/
  [7,  'src/store/',          'store',        ['...engine', 'load']],
  [7,  'src/report/',         'report',       ['...store']],
  [8,  'src/experiment/',     'experiment',   ['...report']],
  [9,  'src/essentials.ts',   'essentials',   ['...experiment']],            // what a shell needs at start, and the reference models
  [9,  'src/index.ts',        'index',        ['...experiment', 'essentials']], // the library's front door
  [10, 'src/cli/',            'cli',          ['index', 'essentials', 'src/server/index.ts']], // serve starts the server through its entry
  [10, 'src/server/',         'server',       ['index']],
  [10, 'bench/',              'bench',        ['index']],
  [10, 'web/src/',            'web',          ['src/server/view-types.ts', 'src/server/names.ts']],
];

const STAGES = ['life', 'observe', 'judge', 'consequence', 'measure'];
const SHELLS = ['cli', 'server', 'bench', 'web'];
const TESTS = ['\\.test\\.ts$', '^test/'];
const PROJECT = '^(src|bench|web/src|test)/';

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// a folder matches everything under it, a file only itself
const pattern = (where) => `^${escapeRegExp(where)}${where.endsWith('/') ? '' : '$'}`;
const row = (name) => {
  const found = FLOORS.find(([, , n]) => n === name);
  if (!found) throw new Error(`.dependency-cruiser.cjs: no floor named '${name}'`);
  return found;
};
/** Everything a row may import (names and file paths), with '...name' spread out. */
const allowed = (name) => row(name)[3].flatMap((entry) => (entry.startsWith('...') ? [entry.slice(3), ...allowed(entry.slice(3))] : [entry]));
const where = (entry) => (entry.includes('/') ? entry : row(entry)[1]);

const floorRules = FLOORS.map(([floor, at, name]) => {
  const order = (entry) => FLOORS.findIndex(([, , n]) => n === entry) >>> 0; // file paths last
  const mayImport = [...new Set(allowed(name))].sort((a, b) => order(a) - order(b));
  const isShell = SHELLS.includes(name);
  return {
    name: `floor-${floor}-${name}`,
    comment:
      `${at} (floor ${floor}) may import only ${mayImport.length ? mayImport.map(where).join(', ') : 'nothing else in src/'}` +
      ` besides its own ${at.endsWith('/') ? 'folder' : 'file'}, node builtins and npm packages.` +
      (STAGES.includes(name) ? ` Stages run ${STAGES.join(' -> ')}: a stage may import earlier stages, never later ones.` : '') +
      (isShell ? ' Shells are thin: they reach the library only through src/index.ts, and never each other.' : ''),
    severity: 'error',
    from: { path: pattern(at), pathNot: TESTS },
    to: {
      path: PROJECT,
      pathNot: [
        pattern(at),
        ...mayImport.map((entry) => pattern(where(entry))),
        // a library file importing a shell is reported once, by library-imports-shell below
        ...(isShell ? [] : SHELLS.map((shell) => pattern(row(shell)[1]))),
      ],
    },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...floorRules,
    {
      name: 'library-imports-shell',
      comment:
        'The simulation is a library first: nothing on floors 0-9 may import a shell (src/cli/, src/server/, bench/, web/). ' +
        'What a shell needs from the library belongs in the library, behind src/index.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...SHELLS.map((shell) => pattern(row(shell)[1])), ...TESTS] },
      to: { path: [...SHELLS.map((shell) => pattern(row(shell)[1])), '^web/'] },
    },
    {
      name: 'cli-loads-the-library-when-a-command-runs',
      comment:
        'The CLI starts on src/essentials.ts; src/index.ts (the whole library, the city with it) is loaded by src/cli/library.ts, ' +
        'with import(), when a command runs: so --help, a bad option and a reference model never load it. Elsewhere in src/cli/ name its types only.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: TESTS },
      to: { path: '^src/index\\.ts$', dynamic: false, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-on-a-floor',
      comment: 'Every file under src/ belongs to a row of the floor table in .dependency-cruiser.cjs; a new folder gets a row (and so a place in the stack) before it gets code that imports anything.',
      severity: 'error',
      from: { path: '^src/', pathNot: [...FLOORS.map(([, at]) => pattern(at)), ...TESTS] },
      to: { path: PROJECT },
    },
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere, tests included (type-only imports count too): a cycle makes the floors meaningless and module initialisation order fragile.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve to a file is invisible to every rule above (and fails at run time): fix the path.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // type-only imports are dependencies too: a floor may not even name a higher floor's types
    tsPreCompilationDeps: true,
    // resolves the explicit `.ts` extensions (allowImportingTsExtensions); web/tsconfig.json extends it
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mts', '.mjs', '.js', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    moduleSystems: ['es6', 'cjs'],
    skipAnalysisNotInRules: true,
  },
};
