import { z } from 'zod';
import { EVENT_TYPES, ATTEMPTS, PURCHASE_CATEGORIES } from '../life/event-types.ts';
import { probability, nonNegative, positive, count, param, traitParams } from './param.ts';

const U = '[U] assumption of this model; change it freely';
const id = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'a lower-case identifier (letters, digits, _ and -)');
const eventType = z.enum(EVENT_TYPES);

const group = z.strictObject({
  name: id,
  share: probability(0.5, { unit: 'share of citizens', source: U, description: 'share of the population in this group' }),
  fpirMultiplier: positive(1, {
    unit: 'x the base FPIR',
    source: 'NIST IR 8280 (2019): false positives 10-100x higher for some demographic groups',
    description: 'how much more often a face search of this group names an innocent',
  }),
});

const population = z
  .strictObject({
    citizens: param(z.number().int().min(1), 100_000, {
      unit: 'adults',
      source: 'a city district; Rongcheng has ~670,000 residents',
      description: 'adult citizens simulated (children are an attribute of their parents)',
    }),
    minAge: param(z.number().int().min(14).max(120), 18, { unit: 'years', source: 'age of majority', description: 'youngest simulated adult' }),
    maxAge: param(z.number().int().min(14).max(120), 80, { unit: 'years', source: 'China 2020 census: life expectancy 77.9', description: 'oldest simulated adult' }),
    femaleShare: probability(0.488, { unit: 'share of citizens', source: 'China 2020 census: 48.76 % female', description: 'share of women' }),
    adultsPerHousehold: param(z.number().min(1).max(6), 2.1, {
      unit: 'adults', source: 'China 2020 census: 2.62 persons per household, ~80 % adults', description: 'mean adults per household',
    }),
    childrenPerHousehold: nonNegative(0.5, {
      unit: 'children of school age', source: 'China 2020 census: ~18 % aged 0-14', description: 'mean school-age children of a household whose first adult is of parenting age',
    }),
    parentAges: z
      .tuple([z.number().int().min(0), z.number().int().min(0)])
      .default([22, 55])
      .meta({ unit: 'years [from, to]', source: '[U] school-age children (6-18) of parents born 22-37 years earlier', description: 'age range of a household\'s first adult for it to have school-age children' }),
    companiesPerThousand: nonNegative(35, {
      unit: 'companies per 1,000 adults', source: 'SAMR 2022: ~50M enterprises for ~1.1B adults', description: 'legal entities per 1,000 adults',
    }),
    friends: param(z.number().int().min(0).max(200), 20, {
      unit: 'friends (mean degree)', source: 'Dunbar: sympathy group ~15, active network tens', description: 'mean number of friends in the small-world graph',
    }),
    rewiring: probability(0.1, {
      unit: 'probability per tie', source: 'Watts & Strogatz 1998', description: 'share of lattice ties rewired to a random citizen (small-world)',
    }),
    groups: z
      .array(group)
      .min(1)
      .default([
        { name: 'majority', share: 0.91, fpirMultiplier: 1 },
        { name: 'minority', share: 0.09, fpirMultiplier: 10 },
      ])
      .meta({ description: 'demographic groups; shares are normalised to sum to 1', source: 'NIST IR 8280 differentials; China 2020 census ~8.9 % minorities' }),
    femaleFpirMultiplier: positive(2.5, {
      unit: 'x the base FPIR', source: 'NIST IR 8280: 2-5x higher false positives for women', description: 'false-positive multiplier for women',
    }),
    incomeMedian: positive(4300, {
      unit: 'CNY per month', source: 'NBS 2023: urban per-capita disposable income 51,821 CNY a year', description: 'median monthly income of the employed',
    }),
    incomeSigma: nonNegative(0.85, { unit: 'log-scale sd', source: 'NBS income Gini ~0.47; a lognormal has Gini 2 Phi(sigma / sqrt 2) - 1, so 0.89, less room for unemployment', description: 'dispersion of income (lognormal)' }),
    savingsMonths: nonNegative(3, { unit: 'months of income (median)', source: U, description: 'initial savings as months of income' }),
    savingsSigma: nonNegative(1, { unit: 'log-scale sd', source: U, description: 'spread of initial savings' }),
    firmSizeExponent: positive(1.06, { unit: 'Zipf tail exponent', source: 'Axtell 2001: US firm sizes are Zipf-distributed, exponent 1.06', description: 'how unequal company sizes are' }),
    unemployment: probability(0.05, { unit: 'share of adults', source: 'NBS 2023 surveyed urban unemployment 5.2 %', description: 'initial unemployment' }),
    gatedOccupations: probability(0.09, {
      unit: 'share of the employed', source: 'China Statistical Yearbook: civil service, law, journalism, teaching', description: 'share working in gated occupations',
    }),
    conscientiousness: traitParams(0.6, 0.35, 'conscientiousness (pays on time, keeps contracts)', U),
    imprudence: traitParams(0.35, 0.35, 'imprudence (risky acts in traffic and elsewhere)', U),
    sociability: traitParams(0.5, 0.4, 'sociability (posts, meets friends)', U),
    conformity: traitParams(0.5, 0.4, 'conformity and approval sensitivity', U),
    hardship: traitParams(0.5, 0.5, 'hardship H, the root of grievance (Epstein 2002)', 'Epstein 2002: H ~ U(0, 1); here triangular on [0, 1]'),
    riskAversion: traitParams(0.5, 0.5, 'risk aversion R (Epstein 2002)', 'Epstein 2002: R ~ U(0, 1)'),
    gamerShare: probability(0.35, { unit: 'share of adults', source: 'CNNIC 2023: ~550M game users', description: 'citizens who play video games' }),
  })
  .prefault({});

const city = z
  .strictObject({
    width: param(z.number().int().min(1).max(256), 8, { unit: 'districts', source: U, description: 'district grid width' }),
    height: param(z.number().int().min(1).max(256), 8, { unit: 'districts', source: U, description: 'district grid height' }),
    camerasPerThousand: nonNegative(250, {
      unit: 'cameras per 1,000 residents', source: 'IHS Markit 2019: 349M cameras in China, about one per 4 people', description: 'mean camera density',
    }),
    cameraDispersion: nonNegative(0.5, {
      unit: 'log-scale sd', source: 'Comparitech 2019: Chongqing 168 per 1,000; large spread between cities', description: 'spread of camera density between districts',
    }),
    residentDispersion: nonNegative(0.3, { unit: 'log-scale sd', source: U, description: 'spread of district populations' }),
    centreConcentration: nonNegative(1, {
      unit: 'x density at the centre vs the edge', source: U, description: 'how much denser cameras are in central districts (0: uniform)',
    }),
    venuesPerThousand: nonNegative(2, { unit: 'venues per 1,000 residents', source: U, description: 'cinemas, restaurants, hotels, schools per district' }),
    screenCapacity: count(46, {
      unit: 'faces per screen per day', source: 'SCMP: ~46 jaywalkers a day on one Shenzhen screen (13,930 in 10 months)', description: 'public screen capacity',
    }),
  })
  .prefault({});

const money = z
  .strictObject({
    billsShare: probability(0.75, { unit: 'share of income', source: 'NBS 2023: consumption ~68 % of disposable income', description: 'monthly bills and living costs' }),
    spendDown: probability(0.5, { unit: 'share per month', source: U, description: 'share of savings above the buffer (savingsMonths of wage) spent each month' }),
    shockProbability: probability(0.04, { unit: 'per month', source: U, description: 'chance of an unexpected expense (illness, repair) in a month' }),
    shockMonths: nonNegative(2, { unit: 'months of income (median)', source: U, description: 'size of an expense shock' }),
    shockSigma: nonNegative(0.5, { unit: 'log-scale sd', source: U, description: 'spread of expense shocks' }),
    forgetfulness: probability(0.03, { unit: 'per bill, at conscientiousness 0', source: U, description: 'chance a liquid citizen still pays late' }),
    loanInterest: nonNegative(0.12, { unit: 'per year', source: 'PBoC consumer loan rates 2023', description: 'interest on consumer loans' }),
    loanTermMonths: param(z.number().int().min(1), 12, { unit: 'months', source: U, description: 'loan term' }),
    loanAccess: probability(0.6, { unit: 'share of shortfalls', source: U, description: 'chance a short citizen can borrow instead of missing a bill' }),
    defaultAfterDays: param(z.number().int().min(1), 90, { unit: 'days in arrears', source: 'common 90-day default definition (Basel)', description: 'creditor sues after this' }),
    courtDelayDays: param(z.number().int().min(1), 60, { unit: 'days', source: 'SPC: civil cases within 6 months; summary procedure 3', description: 'lawsuit to judgment' }),
    complianceDays: param(z.number().int().min(1), 30, { unit: 'days', source: 'SPC 2013 provisions on dishonest judgment debtors', description: 'time to pay a judgment before being listed dishonest' }),
    repayPropensity: probability(0.25, { unit: 'per month, when able', source: 'SPC: 3.51M listed debtors paid in 2018', description: 'chance a debtor who can pay does pay, each month' }),
    jobLoss: probability(0.01, { unit: 'per month', source: 'NBS labour turnover', description: 'chance of losing one’s job in a month' }),
    jobFinding: probability(0.2, { unit: 'per month', source: 'NBS: unemployment spells ~5 months', description: 'chance an unemployed citizen finds work in a month' }),
    benefitShare: probability(0.3, { unit: 'share of former income', source: 'unemployment insurance, low replacement rate', description: 'income while unemployed' }),
  })
  .prefault({});

const mobility = z
  .strictObject({
    jaywalking: nonNegative(0.02, { unit: 'per day at imprudence 1', source: 'Shenzhen: 13,930 recorded at one crossing in 10 months', description: 'jaywalking rate' }),
    redLight: nonNegative(0.004, { unit: 'per day at imprudence 1', source: U, description: 'running a red light' }),
    drunkDriving: nonNegative(0.0002, { unit: 'per day at imprudence 1', source: 'MPS: ~300,000 drunk-driving cases a year', description: 'drunk driving' }),
    accidentAfterViolation: probability(0.002, { unit: 'per violation', source: U, description: 'chance a violation ends in an accident' }),
    drunkAccidentFactor: nonNegative(10, { unit: 'x accidentAfterViolation', source: 'WHO: drunk drivers\' crash risk rises steeply with BAC', description: 'how much likelier drunk driving ends in an accident' }),
    deterrenceElasticity: nonNegative(0.5, {
      unit: 'elasticity of violations to perceived risk', source: 'Chalfin & McCrary 2017: police-crime elasticity ~ -0.5; Nagin 2013', description: 'how strongly perceived risk deters',
    }),
    homeShare: probability(0.5, { unit: 'share of acts', source: U, description: 'acts done in the home district (the rest in the work district)' }),
  })
  .prefault({});

const consumption = z
  .strictObject({
    purchasesPerDay: nonNegative(0.4, { unit: 'notable purchases per day', source: U, description: 'purchases outside daily essentials' }),
    categoryWeights: z
      .strictObject(Object.fromEntries(PURCHASE_CATEGORIES.map((c, i) => [c, nonNegative([5, 1, 1, 1, 1, 0.3][i], { unit: 'relative weight', source: U, description: `weight of ${c}` })])) as Record<(typeof PURCHASE_CATEGORIES)[number], ReturnType<typeof nonNegative>>)
      .prefault({})
      .meta({ description: 'mean preference per category; each citizen draws their own tastes around it' }),
    amountSigma: nonNegative(1, { unit: 'log-scale sd', source: U, description: 'spread of a purchase amount around a day\'s income' }),
    tasteSpread: nonNegative(0.7, { unit: 'log-scale half-width', source: U, description: 'how far each citizen\'s tastes differ from the mean weights' }),
    gamingHoursMedian: nonNegative(1.5, { unit: 'hours per day', source: 'CNNIC 2023', description: 'median daily play of gamers' }),
    gamingHoursSigma: nonNegative(0.8, { unit: 'log-scale sd', source: U, description: 'spread of gamers\' usual daily play' }),
    gamingDailySigma: nonNegative(0.4, { unit: 'log-scale sd', source: U, description: 'day-to-day spread of a gamer\'s play' }),
  })
  .prefault({});

const speech = z
  .strictObject({
    postsPerDay: nonNegative(0.5, { unit: 'posts per day at sociability 1', source: U, description: 'online posting rate' }),
    legitimacy: probability(0.8, { unit: 'L in [0, 1]', source: 'Epstein 2002 / Mesa default 0.8; Kostka 2019: 80 % approval', description: 'initial legitimacy citizens grant the system' }),
    legitimacySpread: probability(0.1, { unit: 'half-width on [0, 1]', source: U, description: 'how far citizens\' initial legitimacy varies' }),
    dissentThreshold: nonNegative(0.1, { unit: 'T', source: 'Epstein 2002: T = 0.1', description: 'a post is dissent iff G - R x perceived risk > T' }),
  })
  .prefault({});

const civic = z
  .strictObject({
    volunteering: nonNegative(2, { unit: 'acts per year at conformity 1', source: 'Rongcheng rewards volunteering', description: 'volunteering' }),
    bloodDonation: nonNegative(0.2, { unit: 'donations per year at conformity 1', source: 'China ~11 donations per 1,000 people a year', description: 'blood donation' }),
    heroicAct: nonNegative(0.002, { unit: 'acts per year', source: U, description: 'heroic acts (rescues)' }),
  })
  .prefault({});

const attempts = z
  .strictObject(
    Object.fromEntries(
      ATTEMPTS.map((a) => [
        a,
        nonNegative({ flight: 2, fast_train: 6, hotel: 3, private_school: 0.4, internet: 12 }[a], {
          unit: a === 'private_school' ? 'enrolment attempts per year, parents only' : 'attempts per year',
          source: a === 'flight' ? 'CAAC 2019: 660M passenger trips' : U,
          description: `how often a citizen tries: ${a.replace('_', ' ')}`,
        }),
      ]),
    ) as Record<(typeof ATTEMPTS)[number], ReturnType<typeof nonNegative>>,
  )
  .prefault({});

const life = z.strictObject({ money, mobility, consumption, speech, civic, attempts }).prefault({});

const observe = z
  .strictObject({
    cameraSaturation: positive(500, {
      unit: 'cameras per 1,000 residents', source: U, description: 'capture probability is 1 - exp(-density / saturation)',
    }),
    fnir: probability(0.01, { unit: 'probability per mated search', source: 'NIST FRVT 1:N leaderboard, 12M gallery, FNIR at FPIR 0.003 ~1 % [U]', description: 'false negative identification rate' }),
    fpir: probability(0.003, { unit: 'probability per search', source: 'NIST FRVT 1:N: threshold set at FPIR = 0.003', description: 'false positive identification rate' }),
    platformShare: probability(0.55, { unit: 'share of purchases and payments', source: 'iResearch 2019: Alipay ~55 % of mobile payments', description: 'what the platforms see' }),
    courtReporting: probability(1, { unit: 'share of judgments', source: 'SPC publishes every dishonest debtor', description: 'what the courts report' }),
    censorShare: probability(0.3, { unit: 'share of posts', source: 'King, Pan & Roberts 2013 [U]', description: 'posts the censors read' }),
    registryShare: probability(0.7, { unit: 'share of civic acts', source: U, description: 'civic acts recorded by the registry' }),
  })
  .prefault({});

const response = z
  .strictObject({
    riskPrior: probability(0.1, { unit: 'perceived probability', source: U, description: 'perceived detection risk before any experience' }),
    riskLearning: probability(0.25, { unit: 'step toward 1 per penalty', source: 'Nagin 2013: certainty learned from experience', description: 'how much a penalty raises perceived risk' }),
    riskForgetting: probability(0.01, { unit: 'per day', source: U, description: 'perceived risk drifts back to the prior' }),
    stressPerPenalty: nonNegative(0.05, { unit: 'stress units', source: U, description: 'stress from a score penalty' }),
    stressRecovery: probability(0.02, { unit: 'per day', source: U, description: 'stress decays by this share daily' }),
    legitimacyPerWrongful: probability(0.1, { unit: 'share of L lost per wrongful penalty', source: U, description: 'legitimacy lost when wrongly blamed' }),
    hardshipPerDenial: nonNegative(0.01, { unit: 'H units', source: U, description: 'hardship added by each denial' }),
  })
  .prefault({});

const rule = z.strictObject({
  on: z.union([eventType, z.array(eventType).min(1)]).meta({ description: 'event type(s) the rule scores' }),
  points: z.number().meta({ unit: 'points', description: 'added to the score (negative for penalties)' }),
  capTier: z.string().optional().meta({ description: 'after the rule, the score falls to at most the top of this tier' }),
});

const tier = z.strictObject({ name: z.string().min(1), min: z.number().meta({ unit: 'points', description: 'lowest score of the tier' }) });

const scorer = z.strictObject({
  id,
  label: z.string().optional(),
  base: z.number().meta({ unit: 'points', description: 'everyone starts here' }),
  min: z.number().meta({ unit: 'points', description: 'lowest possible score' }),
  max: z.number().meta({ unit: 'points', description: 'highest possible score' }),
  rules: z.array(rule).default([]),
  tiers: z.array(tier).min(1).meta({ description: 'from highest to lowest; the lowest tier must start at or below min' }),
});

const list = z.strictObject({
  id,
  label: z.string().optional(),
  enter: eventType.meta({ description: 'an observed event of this type puts its subject on the list' }),
  exit: eventType.meta({ description: 'an observed event of this type takes its subject off' }),
});

const gate = z.strictObject({
  id,
  attempt: z.enum(ATTEMPTS).meta({ description: 'which attempts this gate decides' }),
  notListed: id.optional().meta({ description: 'deny anyone on this list' }),
  scorer: id.optional().meta({ description: 'the scorer whose tier the gate reads' }),
  atLeast: z.string().optional().meta({ description: 'deny anyone below this tier of the scorer' }),
  denialStress: nonNegative(0.05, { unit: 'stress units', source: U, description: 'stress from a denial' }),
  denialCost: nonNegative(0, { unit: 'CNY', source: U, description: 'money a denial costs (a deposit, a lost fare, a pricier school)' }),
});

const output = z
  .strictObject({
    sampleRate: probability(0.01, { unit: 'share of citizens', source: 'storage budget', description: 'citizens whose every event is stored' }),
    watch: z.array(z.number().int().min(0)).default([]).meta({ description: 'citizen ids whose every event is stored' }),
    distributionEvery: param(z.number().int().min(1), 7, { unit: 'days', source: 'cost of a full pass', description: 'how often score and income distributions are measured' }),
  })
  .prefault({});

export const scenarioSchema = z
  .strictObject({
    name: id.default('unnamed').meta({ description: 'the scenario’s name' }),
    description: z.string().default('').meta({ description: 'what the scenario represents, with sources' }),
    seed: param(z.number().int().min(0).max(4294967295), 1, { unit: 'integer', source: 'reproducibility', description: 'the random seed' }),
    days: param(z.number().int().min(1).max(65535), 365, { unit: 'days', source: 'one tick is one day', description: 'length of the run' }),
    population,
    city,
    life,
    observe,
    response,
    scorers: z.array(scorer).default([]).meta({ description: 'scoring policies, each with rules, a range and tiers (see docs/scenarios.md)' }),
    lists: z.array(list).default([]).meta({ description: 'blacklists and redlists with entry and exit events' }),
    gates: z.array(gate).default([]).meta({ description: 'what a list or a tier grants or denies' }),
    output,
  })
  .superRefine(checkReferences);

type Raw = z.output<typeof scenarioSchema>;

function checkReferences(s: Omit<Raw, never>, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const scorerIds = new Map(s.scorers.map((sc) => [sc.id, sc]));
  const listIds = new Set(s.lists.map((l) => l.id));
  s.scorers.forEach((sc, i) => {
    if (!(sc.min <= sc.base && sc.base <= sc.max)) issue(['scorers', i, 'base'], `base ${sc.base} must lie within [min ${sc.min}, max ${sc.max}]`);
    sc.tiers.forEach((t, j) => {
      if (j > 0 && t.min >= sc.tiers[j - 1].min) issue(['scorers', i, 'tiers', j, 'min'], `tiers go from highest to lowest: ${t.min} is not below ${sc.tiers[j - 1].min}`);
      if (t.min > sc.max) issue(['scorers', i, 'tiers', j, 'min'], `tier ${t.name} starts at ${t.min}, above the maximum score ${sc.max}: unreachable`);
    });
    const lowest = sc.tiers[sc.tiers.length - 1];
    if (lowest && lowest.min > sc.min) issue(['scorers', i, 'tiers', sc.tiers.length - 1, 'min'], `the lowest tier must start at or below min (${sc.min}), found ${lowest.min}`);
    const scored = new Set<string>();
    sc.rules.forEach((r, j) => {
      for (const t of Array.isArray(r.on) ? r.on : [r.on]) {
        if (scored.has(t)) issue(['scorers', i, 'rules', j, 'on'], `event type ${t} is already scored by an earlier rule of ${sc.id}`);
        scored.add(t);
      }
      if (r.capTier !== undefined && !sc.tiers.some((t) => t.name === r.capTier)) issue(['scorers', i, 'rules', j, 'capTier'], `no tier named "${r.capTier}" in scorer ${sc.id}`);
    });
  });
  const seen = new Set<string>();
  [...s.scorers.map((x) => x.id), ...s.lists.map((x) => x.id)].forEach((name) => {
    if (seen.has(name)) issue(['scorers'], `the id "${name}" is used twice among scorers and lists`);
    seen.add(name);
  });
  s.gates.forEach((g, i) => {
    if (g.notListed !== undefined && !listIds.has(g.notListed)) issue(['gates', i, 'notListed'], `no list named "${g.notListed}" (lists: ${[...listIds].join(', ') || 'none'})`);
    if ((g.scorer === undefined) !== (g.atLeast === undefined)) issue(['gates', i], 'a gate that reads a score needs both scorer and atLeast');
    if (g.scorer !== undefined) {
      const sc = scorerIds.get(g.scorer);
      if (!sc) issue(['gates', i, 'scorer'], `no scorer named "${g.scorer}" (scorers: ${[...scorerIds.keys()].join(', ') || 'none'})`);
      else if (g.atLeast !== undefined && !sc.tiers.some((t) => t.name === g.atLeast)) issue(['gates', i, 'atLeast'], `scorer ${g.scorer} has no tier "${g.atLeast}" (tiers: ${sc.tiers.map((t) => t.name).join(', ')})`);
    }
    if (g.notListed === undefined && g.scorer === undefined) issue(['gates', i], 'a gate must read a list (notListed) or a score (scorer and atLeast)');
  });
  if (s.population.parentAges[0] > s.population.parentAges[1]) issue(['population', 'parentAges'], `the range [${s.population.parentAges.join(', ')}] is empty`);
  if (s.population.minAge > s.population.maxAge) issue(['population', 'maxAge'], `maxAge ${s.population.maxAge} is below minAge ${s.population.minAge}`);
  if (s.population.groups.reduce((a, g) => a + g.share, 0) <= 0) issue(['population', 'groups'], 'group shares must not all be zero');
}

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScorerSpec = Scenario['scorers'][number];
export type GateSpec = Scenario['gates'][number];
export type ListSpec = Scenario['lists'][number];
