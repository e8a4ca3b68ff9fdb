import * as z from 'zod';
import { RANDOM_ATTEMPTS, PURCHASE_CATEGORIES } from '../core/events.ts';
import { AGE_BANDS } from '../core/calendar.ts';
import { scorer, list, gate } from './policy-schema.ts';
import { probability, nonNegative, positive, count, param, traitParams, term, id, MAX_DAYS, MAX_QUANTITY, MAX_TERM_DAYS } from './param.ts';

const U = '[U] assumption of this model; change it freely';

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
    citizens: param(z.number().int().min(1).max(MAX_QUANTITY), 100_000, {
      unit: 'adults',
      source: 'a city district; Rongcheng has ~670,000 residents',
      description: 'adult citizens simulated (children are an attribute of their parents)',
    }),
    minAge: param(z.number().int().min(14).max(120), 18, { unit: 'years', source: 'age of majority', description: 'youngest simulated adult' }),
    maxAge: param(z.number().int().min(14).max(89), 80, {
      unit: 'years',
      source: 'China 2020 census: life expectancy 77.9',
      description: 'oldest adult of the first population (with demography on, people live on past it)',
    }),
    ageShares: z.array(z.number().min(0).max(MAX_QUANTITY)).length(AGE_BANDS).default([5.2, 5.3, 6.6, 8.7, 7.0, 6.7, 8.3, 8.7, 7.0, 5.1, 5.4, 3.6, 2.2, 1.4, 1.0]).meta({
      unit: 'relative weights of the 5-year bands 15-19, 20-24, ..., 80-84, 85-89',
      source: 'China 2020 census (7th), % of the population by 5-year age group, as read from the NBS tables to a tenth of a point; the 60+ bands sum to the NBS figure 18.7 % [U: the reading]',
      description: 'age structure of the first population, cut to minAge-maxAge; ages within a band are uniform',
    }),
    femaleShare: probability(0.488, { unit: 'share of citizens', source: 'China 2020 census: 48.76 % female', description: 'share of women' }),
    adultsPerHousehold: param(z.number().min(1).max(6), 2.1, {
      unit: 'adults',
      source: 'China 2020 census: 2.62 persons per household, ~80 % adults',
      description: 'mean adults per household',
    }),
    childrenPerHousehold: nonNegative(0.5, {
      unit: 'children of school age',
      source: 'China 2020 census: ~18 % aged 0-14',
      description: 'mean school-age children of a household whose first adult is of parenting age',
    }),
    parentAges: z
      .tuple([z.number().int().min(0).max(120), z.number().int().min(0).max(120)])
      .default([22, 55])
      .meta({
        unit: 'years [from, to]',
        source: '[U] school-age children (6-18) of parents born 22-37 years earlier',
        description: "age range of a household's first adult for it to have school-age children",
      }),
    companiesPerThousand: nonNegative(35, {
      unit: 'companies per 1,000 adults',
      source: 'SAMR 2022: ~50M enterprises for ~1.1B adults',
      description: 'legal entities per 1,000 adults',
    }),
    friends: param(z.number().int().min(0).max(200), 20, {
      unit: 'friends (mean degree)',
      source: 'Dunbar: sympathy group ~15, active network tens',
      description: 'mean number of friends in the small-world graph',
    }),
    rewiring: probability(0.1, {
      unit: 'probability per tie',
      source: 'Watts & Strogatz 1998',
      description: 'share of lattice ties rewired to a random citizen (small-world)',
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
      unit: 'x the base FPIR',
      source: 'NIST IR 8280: 2-5x higher false positives for women',
      description: 'false-positive multiplier for women',
    }),
    incomeMedian: positive(4300, {
      unit: 'CNY per month',
      source: 'NBS 2023: urban per-capita disposable income 51,821 CNY a year',
      description: 'median monthly income of the employed',
    }),
    incomeSigma: nonNegative(0.85, {
      unit: 'log-scale sd',
      source: 'NBS income Gini ~0.47; a lognormal has Gini 2 Phi(sigma / sqrt 2) - 1, so 0.89, less room for unemployment',
      description: 'dispersion of income (lognormal)',
    }),
    savingsMonths: nonNegative(3, { unit: 'months of income (median)', source: U, description: 'initial savings as months of income' }),
    savingsSigma: nonNegative(1, { unit: 'log-scale sd', source: U, description: 'spread of initial savings' }),
    firmSizeExponent: positive(1.06, { unit: 'Zipf tail exponent', source: 'Axtell 2001: US firm sizes are Zipf-distributed, exponent 1.06', description: 'how unequal company sizes are' }),
    unemployment: probability(0.05, { unit: 'share of adults', source: 'NBS 2023 surveyed urban unemployment 5.2 %', description: 'initial unemployment' }),
    gatedOccupations: probability(0.09, {
      unit: 'share of citizens',
      source: 'China Statistical Yearbook: civil service, law, journalism, teaching',
      description: 'share whose trade is a gated occupation (employed or not)',
    }),
    researchers: probability(0.002, {
      unit: 'share of citizens',
      source: 'NBS 2019: ~2.1M R&D researchers (full-time equivalent) over ~1.1B adults',
      description: 'citizens whose trade is research: they publish findings (life.science)',
    }),
    conscientiousness: traitParams(0.6, 0.35, 'conscientiousness (pays on time, keeps contracts)', U),
    imprudence: traitParams(0.35, 0.35, 'imprudence (risky acts in traffic and elsewhere)', U),
    sociability: traitParams(0.5, 0.4, 'sociability (posts, meets friends)', U),
    conformity: traitParams(0.5, 0.4, 'conformity and approval sensitivity', U),
    hardship: traitParams(0.5, 0.5, 'hardship H, the root of grievance (Epstein 2002)', 'Epstein 2002: H ~ U(0, 1); here triangular on [0, 1]'),
    riskAversion: traitParams(0.5, 0.5, 'risk aversion R (Epstein 2002)', 'Epstein 2002: R ~ U(0, 1)'),
    passportShare: probability(0.12, {
      unit: 'share of adults',
      source: 'National Immigration Administration 2019: ~175M ordinary passports held, ~12 % of the population',
      description: 'citizens holding a passport at the start',
    }),
    gamerShare: probability(0.35, { unit: 'share of adults', source: 'CNNIC 2023: ~550M game users', description: 'citizens who play video games' }),
  })
  .prefault({});

const cityPart = z.strictObject({
  name: id.meta({ description: 'the city’s id, named by scorers’ `cities` and by `subject.city`' }),
  label: z.string().optional().meta({ description: 'the city in words, for reports' }),
  share: param(z.number().positive().max(1), 1, {
    unit: 'share of districts',
    source: U,
    description: 'share of the grid’s districts the city covers: cities are bands of whole rows of the grid, from the top, each at least one row',
  }),
  camerasPerThousand: z.number().min(0).max(MAX_QUANTITY).optional().meta({
    unit: 'cameras per 1,000 residents',
    source: 'Comparitech 2019: camera density differs several-fold between Chinese cities (Chongqing 168 per 1,000) [U]',
    description: 'the city’s own mean camera density, in place of city.camerasPerThousand for its districts',
  }),
});

/** Shares of the cities must sum to 1 (within rounding), and names be unique. */
const cities = z
  .array(cityPart)
  .min(1)
  .max(255)
  .default([{ name: 'city', share: 1 }])
  .superRefine((list, ctx) => {
    const sum = list.reduce((a, c) => a + c.share, 0);
    if (Math.abs(sum - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: [], message: `city shares must sum to 1, found ${Number(sum.toFixed(6))}` });
    const seen = new Set<string>();
    list.forEach((c, k) => {
      if (seen.has(c.name)) ctx.addIssue({ code: 'custom', path: [k, 'name'], message: `the city name "${c.name}" is used twice` });
      seen.add(c.name);
    });
  })
  .meta({
    description: 'the cities the grid is divided into, as bands of rows, each with its share of districts; scorers may run in some of them only (scorers[].cities); lists are national',
    source: 'the seed: the system runs "only in some cities" (city point schemes in pilot cities; the court blacklist national) [U: the shares]',
  });

const city = z
  .strictObject({
    width: param(z.number().int().min(1).max(256), 8, { unit: 'districts', source: U, description: 'district grid width' }),
    height: param(z.number().int().min(1).max(256), 8, { unit: 'districts', source: U, description: 'district grid height' }),
    camerasPerThousand: nonNegative(250, {
      unit: 'cameras per 1,000 residents',
      source: 'IHS Markit 2019: 349M cameras in China, about one per 4 people',
      description: 'mean camera density',
    }),
    cameraDispersion: nonNegative(0.5, {
      unit: 'log-scale sd',
      source: 'Comparitech 2019: Chongqing 168 per 1,000; large spread between cities',
      description: 'spread of camera density between districts',
    }),
    residentDispersion: nonNegative(0.3, { unit: 'log-scale sd', source: U, description: 'spread of district populations' }),
    centreConcentration: nonNegative(1, {
      unit: 'x density at the centre vs the edge',
      source: U,
      description: 'how much denser cameras are in central districts (0: uniform)',
    }),
    screenCapacity: count(46, {
      unit: 'faces per screen per day',
      source: 'SCMP: ~46 jaywalkers a day on one Shenzhen screen (13,930 in 10 months)',
      description: 'public screen capacity',
    }),
    cities,
  })
  .superRefine((c, ctx) => {
    if (c.cities.length > c.height) ctx.addIssue({ code: 'custom', path: ['cities'], message: `${c.cities.length} cities need at least as many rows of districts (city.height is ${c.height})` });
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
    loanTermMonths: param(z.number().int().min(1).max(1200), 12, { unit: 'months', source: U, description: 'loan term' }),
    loanAccess: probability(0.6, { unit: 'share of shortfalls', source: U, description: 'chance a short citizen can borrow instead of missing a bill' }),
    defaultAfterDays: param(z.number().int().min(1).max(MAX_TERM_DAYS), 90, { unit: 'days in arrears', source: 'common 90-day default definition (Basel)', description: 'creditor sues after this' }),
    courtDelayDays: param(term().min(1), 60, { unit: 'days', source: 'SPC: civil cases within 6 months; summary procedure 3', description: 'lawsuit to judgment' }),
    complianceDays: param(term().min(1), 30, { unit: 'days', source: 'SPC 2013 provisions on dishonest judgment debtors', description: 'time to pay a judgment before being listed dishonest' }),
    repayPropensity: probability(0.25, { unit: 'per month, when able', source: 'SPC: 3.51M listed debtors paid in 2018', description: 'chance a debtor who can pay does pay, each month' }),
    banPressure: probability(0.3, {
      unit: 'added per month',
      source: 'SPC: debtors pay up "under the pressure" of the bans [U]',
      description: 'how much likelier a debtor pays within banPressureDays of being denied by a ban (a gate reading a list)',
    }),
    banPressureDays: param(term(), 90, { unit: 'days', source: U, description: 'how long a ban keeps pressing a debtor' }),
    jobLoss: probability(0.01, { unit: 'per month', source: 'NBS labour turnover', description: 'chance of losing one’s job in a month' }),
    jobFinding: probability(0.2, { unit: 'per month', source: 'NBS: unemployment spells ~5 months', description: 'chance an unemployed citizen finds work in a month' }),
    promotionRaise: nonNegative(0.1, { unit: 'share of wage', source: '[U] a step up the pay scale', description: 'wage rise on a promotion granted' }),
    careerPenalty: probability(0.7, { unit: 'x wage', source: U, description: 'wage kept by someone barred from their gated trade, who retrains for ordinary work' }),
    benefitShare: probability(0.3, { unit: 'share of former income', source: 'unemployment insurance, low replacement rate', description: 'income while unemployed' }),
  })
  .prefault({});

const mobility = z
  .strictObject({
    jaywalking: nonNegative(0.02, { unit: 'per day at imprudence 1', source: 'Shenzhen: 13,930 recorded at one crossing in 10 months', description: 'jaywalking rate' }),
    redLight: nonNegative(0.004, { unit: 'per day at imprudence 1', source: U, description: 'running a red light' }),
    drunkDriving: nonNegative(0.0002, { unit: 'per day at imprudence 1', source: 'MPS: ~300,000 drunk-driving cases a year', description: 'drunk driving' }),
    accidentAfterViolation: probability(0.002, { unit: 'per violation', source: U, description: 'chance a violation ends in an accident' }),
    drunkAccidentFactor: nonNegative(10, {
      unit: 'x accidentAfterViolation',
      source: "WHO: drunk drivers' crash risk rises steeply with BAC",
      description: 'how much likelier drunk driving ends in an accident',
    }),
    deterrenceElasticity: nonNegative(0.5, {
      unit: 'elasticity of violations to perceived risk',
      source: 'Chalfin & McCrary 2017: police-crime elasticity ~ -0.5; Nagin 2013',
      description: 'how strongly perceived risk deters',
    }),
    homeShare: probability(0.5, { unit: 'share of acts', source: U, description: 'acts done in the home district (the rest in the work district)' }),
  })
  .prefault({});

const consumption = z
  .strictObject({
    purchasesPerDay: nonNegative(0.4, { unit: 'notable purchases per day', source: U, description: 'purchases outside daily essentials' }),
    categoryWeights: z
      .strictObject(
        Object.fromEntries(PURCHASE_CATEGORIES.map((c, i) => [c, nonNegative([5, 1, 1, 1, 1, 0.3][i], { unit: 'relative weight', source: U, description: `weight of ${c}` })])) as Record<
          (typeof PURCHASE_CATEGORIES)[number],
          ReturnType<typeof nonNegative>
        >,
      )
      .prefault({})
      .meta({ description: 'mean preference per category; each citizen draws their own tastes around it' }),
    amountSigma: nonNegative(1, { unit: 'log-scale sd', source: U, description: "spread of a purchase amount around a day's income" }),
    tasteSpread: nonNegative(0.7, { unit: 'log-scale half-width', source: U, description: "how far each citizen's tastes differ from the mean weights" }),
    gamingHoursMedian: nonNegative(1.5, { unit: 'hours per day', source: 'CNNIC 2023', description: 'median daily play of gamers' }),
    gamingHoursSigma: nonNegative(0.8, { unit: 'log-scale sd', source: U, description: "spread of gamers' usual daily play" }),
    gamingDailySigma: nonNegative(0.4, { unit: 'log-scale sd', source: U, description: "day-to-day spread of a gamer's play" }),
  })
  .prefault({});

const speech = z
  .strictObject({
    postsPerDay: nonNegative(0.5, { unit: 'posts per day at sociability 1', source: U, description: 'online posting rate' }),
    legitimacy: probability(0.8, { unit: 'L in [0, 1]', source: 'Epstein 2002 / Mesa default 0.8; Kostka 2019: 80 % approval', description: 'initial legitimacy citizens grant the system' }),
    legitimacySpread: probability(0.1, { unit: 'half-width on [0, 1]', source: U, description: "how far citizens' initial legitimacy varies" }),
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

type RandomAttempt = (typeof RANDOM_ATTEMPTS)[number];
const ATTEMPT_RATES: Record<RandomAttempt, [number, string]> = {
  flight: [2, 'CAAC 2019: 660M passenger trips, ~0.6 per adult; more among the urban'],
  fast_train: [6, 'China Railway 2019: 2.3B high-speed trips, ~2 per adult; more among the urban'],
  hotel: [3, U],
  private_school: [0.4, U],
  internet: [12, 'a monthly service renewal'],
  cinema: [12, 'China Film Administration 2019: 1.7B cinema tickets'],
  restaurant: [6, 'upscale restaurants that check scores [U]'],
  passport: [0.03, 'NIA 2019: ~30M ordinary passports issued, ~3 % of adults without one [U]'],
  visa: [0.4, 'NIA 2019: ~70M trips abroad beyond Hong Kong, Macau and Taiwan over ~175M passport holders'],
  rental: [0.2, 'moving every ~5 years [U]'],
  promotion: [0.3, 'a promotion considered every ~3 years, employees only [U]'],
};
const ATTEMPT_UNITS: Partial<Record<RandomAttempt, string>> = {
  private_school: 'enrolment attempts per year, parents only',
  promotion: 'promotion reviews per year, employees only',
  passport: 'applications per year, citizens without a passport',
  visa: 'applications per year, passport holders only',
};
const attempts = z
  .strictObject(
    Object.fromEntries(
      RANDOM_ATTEMPTS.map((a) => [
        a,
        nonNegative(ATTEMPT_RATES[a][0], {
          unit: ATTEMPT_UNITS[a] ?? 'attempts per year',
          source: ATTEMPT_RATES[a][1],
          description: `how often a citizen tries: ${a.replace('_', ' ')}`,
        }),
      ]),
    ) as Record<RandomAttempt, ReturnType<typeof nonNegative>>,
  )
  .prefault({});

const retries = z
  .strictObject(
    Object.fromEntries(
      RANDOM_ATTEMPTS.map((a) => [
        a,
        probability({ flight: 0.6, fast_train: 0.3 }[a as string] ?? 0, {
          unit: 'probability, the day after a denial',
          source: a === 'flight' || a === 'fast_train' ? 'SPC: blocked purchases (27.3M flights, ~6M trains by 2019) far outnumber listed people [U]' : U,
          description: `chance a denied citizen tries again: ${a.replace('_', ' ')}`,
        }),
      ]),
    ) as Record<RandomAttempt, ReturnType<typeof probability>>,
  )
  .prefault({})
  .meta({ description: 'denied citizens try again: this is why blocked purchases outnumber listed people' });

const work = z
  .strictObject({
    breachesPerYear: nonNegative(1, { unit: 'contract breaches per year at conscientiousness 0', source: U, description: 'employees breaking work obligations, reported by employers' }),
    onlineShare: probability(0.3, { unit: 'share of citizens', source: 'CNNIC 2023: ~540M online office users [U]', description: 'citizens whose work depends on their internet connection' }),
    slowInternetBreaches: nonNegative(1, { unit: 'x work breaches added', source: U, description: 'how many more obligations an online worker breaks while their internet is slowed' }),
    slowInternetDays: param(term().min(1), 30, { unit: 'days', source: 'a monthly service renewal', description: 'how long a denied internet renewal leaves the connection slow' }),
  })
  .prefault({});

const peers = z
  .strictObject({
    meetingsPerDay: nonNegative(0, {
      unit: 'meetings per day at sociability 1',
      source: 'Black Mirror, "Nosedive"; 0 outside rating regimes',
      description: 'meeting a friend, after which both rate each other',
    }),
    ratingNoise: nonNegative(0.15, { unit: 'sd on the [0, 1] quality scale', source: U, description: 'how much a rating varies around the ratee’s quality' }),
    harshBelow: param(z.number().min(1).max(5), 4, {
      unit: 'stars',
      source: 'Filippas, Horton & Golden 2022: anything under 5 reads as negative',
      description: 'a rating below this is taken as harsh, and answered in kind',
    }),
    scoreDeference: probability(0.3, {
      unit: 'weight of the ratee’s shown rating',
      source: 'Black Mirror, "Nosedive": people rate up to high scorers [U]',
      description: 'where ratings are visible, how much a rater rates the ratee’s shown rating (as a share of its range) rather than the person',
    }),
    leniencyLearning: probability(0.2, {
      unit: 'step toward 1',
      source: 'Filippas, Horton & Golden 2022: reputation inflation from the cost of harsh feedback',
      description: 'how much a rater who got a harsh rating back learns to give five stars',
    }),
  })
  .prefault({});

const companies = z
  .strictObject({
    integrity: traitParams(0.7, 0.3, 'company integrity (pays taxes, keeps contracts, follows rules)', U),
    taxOfPayroll: probability(0.1, { unit: 'share of payroll per month', source: 'State Taxation Administration: enterprise taxes [U]', description: 'taxes due each month' }),
    taxEvasion: probability(0.2, { unit: 'per month at integrity 0', source: U, description: 'chance a company falls into tax arrears in a month' }),
    breachesPerYear: nonNegative(3, { unit: 'per year at integrity 0', source: U, description: 'contracts broken' }),
    safetyPerThousand: nonNegative(2, { unit: 'incidents per 1,000 employees per year at integrity 0', source: U, description: 'product and workplace safety incidents' }),
    pollutionPerYear: nonNegative(0.5, { unit: 'incidents per year at integrity 0, manufacturing and construction', source: U, description: 'environmental incidents' }),
    listedLayoff: probability(0.03, {
      unit: 'per employee per month, while the employer is listed',
      source: 'SAIC Order 68 (2014), procurement MOU: listed firms lose tenders, loans and subsidies [U: the size]',
      description: 'jobs a blacklisted company sheds for the contracts and credit it is barred from',
    }),
    listedDistress: nonNegative(1, {
      unit: 'x taxEvasion added while listed',
      source: 'SAIC Order 68: loan rejections for listed firms [U: the size]',
      description: 'how much likelier a listed company, refused credit, falls into tax arrears',
    }),
  })
  .prefault({});

const health = z
  .strictObject({
    wear: nonNegative(0.003, {
      unit: 'health lost per day per stress unit',
      source: 'Kivimaki et al. 2012 (Lancet): job strain raises coronary risk ~1.2x; Cohen, Janicki-Deverts & Miller 2007 (JAMA): chronic stress and disease [U: the scale]',
      description: 'how fast sustained stress wears health down',
    }),
    recovery: probability(0.01, { unit: 'share of lost health regained per day', source: U, description: 'how fast health returns toward full' }),
    sickDaysPerYear: nonNegative(5, {
      unit: 'sick days per year in full health',
      source: 'Eurofound EWCS 2015: ~5-10 days of sickness absence a year [U for China]',
      description: 'sickness absence of the healthy',
    }),
    sickDaysPerIllness: nonNegative(40, { unit: 'sick days per year added at health 0', source: U, description: 'how much more often the ill are off sick' }),
    sickPayLoss: probability(0.4, {
      unit: 'share of a day’s wage',
      source: 'China: sick pay 60-100 % of the wage by seniority (Ministry of Labour 1995 rules)',
      description: 'wage lost on a sick day',
    }),
    breachesPerIllness: nonNegative(2, { unit: 'x work breaches added at health 0', source: U, description: 'lower productivity: how many more work obligations the ill break' }),
    jobLossPerIllness: nonNegative(2, { unit: 'x job loss added at health 0', source: U, description: 'how much likelier the ill lose their job' }),
    medicalCost: nonNegative(1500, {
      unit: 'CNY per month at health 0',
      source: 'NHC 2019: out-of-pocket ~28 % of health spending [U: the scale]',
      description: 'medical bills, in proportion to illness',
    }),
    leaveWorkBelow: probability(0.3, { unit: 'health', source: U, description: 'below this health a citizen may leave work, and does not look for it' }),
    leaveWorkPerMonth: probability(0.2, { unit: 'per month below leaveWorkBelow', source: U, description: 'chance the very ill leave work in a month' }),
    stressOnConscientiousness: probability(0.5, {
      unit: 'share of conscientiousness lost at stress 1',
      source: 'Mullainathan & Shafir 2013 (Scarcity): stress taxes attention and self-control [U: the scale]',
      description: 'how much stress lowers conscientiousness-driven bill paying and keeping obligations',
    }),
  })
  .prefault({});

const crime = z
  .strictObject({
    theftPerYear: nonNegative(0.05, {
      unit: 'thefts per year, at the peak age, for men at imprudence 1, before deterrence',
      source:
        'China Law Yearbook 2019: ~4.9M criminal cases filed, about half theft, over ~1.1B adults: ~0.002 thefts per adult a year, which this peak gives on average after age, sex, imprudence and deterrence [U: the shape]',
      description: 'theft',
    }),
    violentPerYear: nonNegative(0.003, {
      unit: 'violent crimes per year, at the peak age, for men at imprudence 1, before deterrence',
      source: 'China Law Yearbook 2019: assault, robbery and homicide a small share of cases filed [U]',
      description: 'violent crime (assault, robbery)',
    }),
    womenFactor: probability(0.2, { unit: 'x the rate of men', source: 'UNODC Global Study on Homicide 2019: ~85-90 % of suspects are men', description: 'offending of women relative to men' }),
    peakAge: param(z.number().int().min(14).max(120), 22, {
      unit: 'years',
      source: 'Hirschi & Gottfredson 1983: the age-crime curve peaks in the late teens and early twenties',
      description: 'age of peak offending',
    }),
    ageDecline: nonNegative(0.06, {
      unit: 'share of the rate lost per year past the peak',
      source: 'Hirschi & Gottfredson 1983: offending halves by the late thirties [U: the shape]',
      description: 'how fast offending falls with age',
    }),
    stolenMedian: nonNegative(2000, { unit: 'CNY', source: U, description: 'median value stolen in a theft' }),
    detentionDays: param(term().min(1), 30, { unit: 'days', source: 'Criminal Procedure Law: criminal detention up to 37 days before arrest is approved', description: 'how long a suspect is held' }),
    detentionJobLoss: probability(0.5, { unit: 'share of detained employees', source: U, description: 'chance a detained employee loses the job' }),
    detentionStress: nonNegative(0.02, { unit: 'stress units per day detained', source: U, description: 'stress of each day in detention' }),
    familyStress: nonNegative(0.3, {
      unit: 'stress units, once, for each other adult of the household',
      source: 'Wildeman & Muller 2012 (Annu Rev Law Soc Sci 8): the families of those held suffer in mental health and income [U: the size]',
      description: 'the shock to a household when one of its adults is detained',
    }),
  })
  .prefault({});

const science = z
  .strictObject({
    findingsPerYear: nonNegative(2, { unit: 'findings per researcher per year', source: '[U] a few papers a year', description: 'how often an employed researcher has a finding to publish' }),
    contraryShare: probability(0.1, {
      unit: 'share of findings',
      source: '[U] findings that contradict an official position or a powerful interest',
      description: 'findings that contradict official positions',
    }),
    grantApplicationsPerYear: nonNegative(1, {
      unit: 'applications per year, employed researchers without a grant',
      source: 'NSFC 2019: ~250,000 applications a year [U: per researcher]',
      description: 'how often a researcher without funding applies for a grant (an attempt `grant`, which gates may decide)',
    }),
    grantSuccess: probability(0.2, {
      unit: 'share of applications not barred by a gate',
      source: 'NSFC 2019: ~18-20 % of General Program applications funded [U: recalled, not retrieved]',
      description: 'chance a grant committee funds an application',
    }),
    grantYears: param(z.number().int().min(1).max(10), 4, { unit: 'years', source: 'NSFC General Program: four-year grants', description: 'how long a grant funds a researcher' }),
    fundedShare: probability(0.5, { unit: 'share of researchers', source: U, description: 'researchers holding a grant at the start (each with a uniform part of its term left)' }),
    unfundedFindings: probability(0.5, { unit: 'x findings per year', source: U, description: 'how much a researcher without funding finds, against one with a grant' }),
  })
  .prefault({});

const facePay = z
  .strictObject({
    adoption: probability(0.1, {
      unit: 'share of citizens',
      source: 'iResearch 2019: ~118M face-payment users in China, ~10 % of adults',
      description: 'citizens who pay by face (Face++ style) at merchants and banks',
    }),
    cardTheftPerYear: nonNegative(0.01, {
      unit: 'thefts of a card or phone used to pay, per citizen per year',
      source: 'PBoC 2019 payment-fraud reports: ~1 % of cardholders a year [U]',
      description: 'card and phone thefts that end in fraudulent payments, for those who pay by card',
    }),
    faceProtection: probability(0.8, { unit: 'share of card thefts avoided', source: U, description: 'how many of those thefts paying by face prevents (no card to steal)' }),
    attacksPerYear: nonNegative(0.02, { unit: 'presentation attacks per face-pay user per year', source: U, description: 'attempts to pay with someone’s face (a photo, a mask, a replay)' }),
    apcer: probability(0.03, {
      unit: 'attack presentation classification error rate',
      source: 'ISO/IEC 30107-3 evaluations of commercial face PAD: APCER ~1-10 % at BPCER ~1 % [U: the point]',
      description: 'share of presentation attacks the liveness check accepts: "the risk of hacking the system"',
    }),
    lossMedian: nonNegative(1500, { unit: 'CNY', source: U, description: 'median loss to a stolen card or a successful attack' }),
  })
  .prefault({});

const demography = z
  .strictObject({
    mortalityBase: nonNegative(0.0004, {
      unit: 'deaths per person per year at any age (Makeham term)',
      source:
        'fitted by hand with the Gompertz terms to NBS 2020: life expectancy 77.9 (men 75.4, women 80.9), crude death rate 7.07 per 1,000 (~9 per 1,000 adults); gives e18 76.9 (men) and 82.1 (women), 9.1 per 1,000 adults',
      description: 'background mortality',
    }),
    mortalityAt60: nonNegative(0.006, { unit: 'deaths per woman per year at 60 (Gompertz term)', source: 'the same fit', description: 'age-related mortality at 60' }),
    mortalitySlope: nonNegative(0.1, {
      unit: 'growth of the Gompertz term per year of age',
      source: 'the same fit; human mortality doubles every ~7 years of adult age (Gompertz 1825; Olshansky & Carnes 1997)',
      description: 'how fast mortality rises with age',
    }),
    menMortality: positive(1.7, { unit: 'x the Gompertz term of women', source: 'the same fit: the 5.5-year gap in life expectancy of NBS 2020', description: 'excess mortality of men' }),
    illHealthMortality: nonNegative(1, {
      unit: 'x mortality added at health 0',
      source: 'Idler & Benyamini 1997 (J Health Soc Behav): poor self-rated health roughly doubles mortality [U: the mapping to health]',
      description: 'how much stress-worn health raises mortality',
    }),
    birthRate: nonNegative(0.0064, {
      unit: 'births per person per year',
      source: 'NBS 17 Jan 2024: crude birth rate 6.39 per 1,000 (2023)',
      description: 'children born to households of parenting age (they come of age 18 years on, as the entrants who replace the dead)',
    }),
    moveAwayPerYear: probability(0.02, {
      unit: 'share of residents per year',
      source: '2020 census: 376M (26.6 %) live away from their hukou place, 125M across provinces; the yearly flow out of one city is not published [U]',
      description: 'residents who move away; as many move in, of migrants’ ages',
    }),
    migrantAges: z
      .tuple([z.number().int().min(14).max(89), z.number().int().min(14).max(89)])
      .default([18, 45])
      .meta({ unit: 'years [from, to]', source: 'CMDS 2017: migrants are mostly of working age, mean ~36 [U: the range]', description: 'ages of those who move in' }),
    worseSchoolWage: probability(0.1, {
      unit: 'share of the wage lost',
      source: 'returns to school quality: key-school attendance effects on earnings in China are ~5-15 % (e.g. Dee & Lan 2015, on college entrance) [U]',
      description: 'wage cost, in adult life, of a childhood in a worse school after a private school denied the parents',
    }),
  })
  .prefault({});

const life = z.strictObject({ demography, health, crime, science, facePay, money, mobility, consumption, speech, civic, work, peers, attempts, retries, companies }).prefault({});

const observe = z
  .strictObject({
    cameraSaturation: positive(500, {
      unit: 'cameras per 1,000 residents',
      source: U,
      description: 'capture probability is 1 - exp(-density / saturation)',
    }),
    galleryExponent: nonNegative(0, {
      unit: 'elasticity of FPIR to gallery size',
      source: 'NIST IR 8271: at a fixed threshold FPIR grows about in proportion to the gallery (exponent ~1); 0 keeps fpir as given',
      description: 'FPIR is fpir x (citizens / galleryReference)^galleryExponent',
    }),
    galleryReference: positive(12_000_000, { unit: 'people enrolled', source: 'NIST FRVT 1:N: the 12M-person gallery behind the fpir default', description: 'the gallery size at which fpir holds' }),
    fnir: probability(0.01, { unit: 'probability per mated search', source: 'NIST FRVT 1:N leaderboard, 12M gallery, FNIR at FPIR 0.003 ~1 % [U]', description: 'false negative identification rate' }),
    fpir: probability(0.003, { unit: 'probability per search', source: 'NIST FRVT 1:N: threshold set at FPIR = 0.003', description: 'false positive identification rate' }),
    platformShare: probability(0.55, { unit: 'share of purchases and payments', source: 'iResearch 2019: Alipay ~55 % of mobile payments', description: 'what the platforms see' }),
    courtReporting: probability(1, { unit: 'share of judgments', source: 'SPC publishes every dishonest debtor', description: 'what the courts report' }),
    censorShare: probability(0.3, { unit: 'share of posts', source: 'King, Pan & Roberts 2013 [U]', description: 'posts the censors read' }),
    censorRecall: probability(0.9, { unit: 'true positive rate', source: U, description: 'share of dissent posts read that the censors flag as dissent' }),
    censorFalseFlags: probability(0.01, { unit: 'false positive rate', source: U, description: 'share of harmless posts read that the censors flag as dissent' }),
    recordErrors: probability(0.002, {
      unit: 'per record',
      source: 'FTC 2012: 26 % of consumers had a potentially material error, 5.2 % one that changed their tier',
      description: 'platform and employer records filed under the wrong citizen (a mixed file)',
    }),
    policeClearance: probability(0.15, {
      unit: 'share of crimes no camera solves',
      source: 'Ashby 2017 (Eur J Crim Policy Res): CCTV useful in ~45 % of British Transport Police cases; clearance without it is low [U]',
      description: 'crimes the police clear by other means, naming the right suspect',
    }),
    informantShare: probability(0.02, { unit: 'share of unseen acts', source: U, description: 'traffic violations and dissent that cameras and censors missed but a neighbour reports' }),
    informantError: probability(0.1, { unit: 'share of reports', source: U, description: 'reports that name the wrong neighbour (someone in the same district)' }),
    registryShare: probability(0.7, { unit: 'share of civic acts', source: U, description: 'civic acts recorded by the registry' }),
    employerReporting: probability(0.5, { unit: 'share of breaches', source: U, description: 'work breaches employers report' }),
    regulatorShare: probability(0.8, { unit: 'share of company acts', source: 'State Administration for Market Regulation records [U]', description: 'company acts the regulators record' }),
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
    riskFromFriends: probability(0.05, {
      unit: 'x riskLearning',
      source: 'Stafford & Warr 1993: vicarious punishment teaches as direct punishment does, more weakly',
      description: 'how much a friend’s penalty teaches, relative to one’s own',
    }),
    riskFromScreens: probability(0.02, { unit: 'step toward 1 per day at a full screen', source: U, description: 'how much the faces on one’s district screen raise perceived risk' }),
    legitimacyFromFriends: probability(0.01, { unit: 'share of L lost per friend wrongly penalised', source: U, description: 'legitimacy lost when a friend is wrongly blamed' }),
    surveillanceStress: nonNegative(0.002, {
      unit: 'stress units per day at perceived risk 1',
      source: 'the seed: "stress and anxiety"; Penney 2016 [U]',
      description: 'daily stress from feeling watched',
    }),
    spontaneousPerDay: nonNegative(0.1, { unit: 'acts per day at sociability 1', source: U, description: 'unusual but legal acts: what surveillance chills' }),
    chillingElasticity: nonNegative(0.5, {
      unit: 'elasticity of harmless acts to perceived risk',
      source: 'Penney 2016: views of sensitive Wikipedia articles fell 20-30 % after the 2013 revelations',
      description: 'how strongly feeling watched chills harmless acts',
    }),
    secretUncertainty: probability(1, {
      unit: 'share of the chilling',
      source: 'the seed: "spontaneity would be lost... due to fear of possible reprisals"',
      description: 'under secret rules, the chilling of acts nobody scores (1: as if scored; 0: none)',
    }),
    approvalMargin: probability(0.02, { unit: 'share of the score range', source: U, description: 'how close to a tier threshold a citizen must be to chase points' }),
    approvalBoost: nonNegative(2, {
      unit: 'x civic acts, at conformity 1',
      source: 'the seed: "the desperate search for social approval" [U]',
      description: 'how much more a citizen near a threshold volunteers and gives',
    }),
    purchaseAvoidance: probability(0.4, {
      unit: 'share of purchases switched to essentials',
      source: 'Chaloupka & Warner 2000: price elasticity of cigarette demand ~ -0.4, a penalty taken as a price [U]',
      description: 'how many purchases in a category a citizen knows is penalised are made in essentials instead',
    }),
    purchaseAttraction: probability(0.05, {
      unit: 'share of essentials purchases switched',
      source: U,
      description: 'how many essentials purchases a citizen who knows a category is rewarded makes in it instead (x 1 + approvalBoost x conformity near a tier threshold)',
    }),
    pruneRate: probability(0.05, { unit: 'per month, at conformity 1', source: U, description: 'chance a citizen reviews their friends and drops the low-scoring, where friends count in a score' }),
  })
  .prefault({});

const screens = z
  .strictObject({
    enabled: z.boolean().default(false).meta({ description: 'public screens show the faces of offenders caught on camera' }),
    offences: z
      .array(z.enum(['jaywalking', 'red_light', 'drunk_driving', 'accident']))
      .default(['jaywalking', 'red_light'])
      .meta({ description: 'camera-observed acts that put a face on the screen' }),
    displayDays: param(term().min(1), 7, { unit: 'days', source: 'SCMP 2018: faces stay up until the fee is paid [U]', description: 'how long a face stays on the screen' }),
    fee: nonNegative(200, { unit: 'CNY', source: 'the seed: "it is necessary to pay to remove their image" [U]', description: 'fee to take one’s face down' }),
    payProbability: probability(0.15, {
      unit: 'per day on screen, at a fee negligible against savings',
      source: U,
      description: 'chance a shamed citizen pays the fee each day: payProbability x (1 - fee / savings), 0 if savings are short',
    }),
    stigmaTieLoss: probability(0.008, {
      unit: 'per friend living in the district, per day on screen',
      source: '[U] ~5 % over a week on screen',
      description: 'chance a friend who sees the face cuts the tie, each day it stays up',
    }),
    shamingStress: nonNegative(0.03, { unit: 'stress units per day on screen', source: '[U] ~0.2 over a week on screen', description: 'stress from one’s face on the screen, each day it stays up' }),
    stigmaJobLoss: probability(0.003, {
      unit: 'per day on screen, employer in the district',
      source: U,
      description: 'chance an employer in the screen’s district who sees the face dismisses its owner, each day it stays up',
    }),
    stigmaHiring: probability(0.3, { unit: 'share of job offers', source: U, description: 'job offers lost while one’s face is on a screen' }),
  })
  .prefault({});

const appeals = z
  .strictObject({
    ifWrongful: probability(0.3, { unit: 'per wrongful penalty', source: U, description: 'chance a wrongly penalised citizen appeals' }),
    ifRightful: probability(0.02, { unit: 'per deserved penalty', source: U, description: 'chance a rightly penalised citizen appeals anyway' }),
    delayDays: param(term(), 30, { unit: 'days', source: 'SPC: objections decided within 15 days, reviews 30 [U]', description: 'time to a decision' }),
    successIfWrongful: probability(0.6, { unit: 'share of appeals', source: U, description: 'chance an appeal of a wrongful penalty is upheld' }),
    successIfRightful: probability(0.05, { unit: 'share of appeals', source: U, description: 'chance an appeal of a deserved penalty is upheld' }),
  })
  .prefault({});

const broker = z
  .strictObject({
    scorer: id.optional().meta({ description: 'the score lenders and insurers buy; none: no data broker' }),
    saleShare: probability(0.5, {
      unit: 'share of citizens covered, per buyer',
      source: 'the seed: "the sale of our data to third companies" [U]',
      description: 'share of citizens whose records each buyer (lender, insurer, marketer) bought; the rest are priced on the average',
    }),
    loanSpreadPerTier: nonNegative(0.03, { unit: 'interest per year, per tier below the top', source: 'risk-based pricing [U]', description: 'what a lower tier adds to a loan’s interest' }),
    premium: nonNegative(150, { unit: 'CNY per month', source: U, description: 'insurance premium at the top tier' }),
    premiumPerTier: nonNegative(0.2, { unit: 'x premium per tier below the top', source: U, description: 'what a lower tier adds to the premium' }),
    offerRate: probability(0.2, {
      unit: 'offers per month, per covered citizen',
      source: 'the seed: data used "to attract us to their products" [U]',
      description: 'chance the marketer sends a citizen whose records it bought an offer in a month',
    }),
    offerUptake: probability(0.05, {
      unit: 'share of offers taken',
      source: 'DMA Response Rate Report 2018: direct mail to house lists ~5 % [U]',
      description: 'chance a citizen takes an offer (a product bought, or a loan when short of money)',
    }),
    offerPrice: nonNegative(1000, { unit: 'CNY', source: U, description: 'price of a product the marketer offers' }),
    offerLoanMonths: nonNegative(1, { unit: 'months of wage', source: U, description: 'size of a loan the marketer offers' }),
  })
  .prefault({});

const output = z
  .strictObject({
    sampleRate: probability(0.01, { unit: 'share of citizens', source: 'storage budget', description: 'citizens whose every event is stored' }),
    watch: z.array(z.number().int().min(0).max(MAX_QUANTITY)).default([]).meta({ description: 'citizen ids whose every event is stored' }),
    watchCompanies: z.array(z.number().int().min(0).max(MAX_QUANTITY)).default([]).meta({ description: 'company ids whose every event is stored' }),
    referenceGroup: z.string().optional().meta({ description: 'the group others are compared with in the fairness audit (default: the first group)' }),
    distributionEvery: param(z.number().int().min(1).max(MAX_DAYS), 7, { unit: 'days', source: 'cost of a full pass', description: 'how often score and income distributions are measured' }),
    homophilySample: param(z.number().int().min(0).max(MAX_QUANTITY), 131_072, {
      unit: 'citizens',
      source: 'precision: at 1 M citizens the sample (2.6 M ties) came within 0.0013 of the whole population (docs/metrics.md)',
      description: 'homophily by score is measured over the ties of a systematic sample of this many citizens, every k-th id (0: every citizen; exact when the population is no larger)',
    }),
  })
  .prefault({});

const scheduled = z.strictObject({
  day: z.number().int().min(1).max(MAX_DAYS).meta({ unit: 'day', description: 'the day the change takes effect, at its start (day 0 is the first)' }),
  set: z
    .record(z.string(), z.unknown())
    .refine((s) => Object.keys(s).length > 0, 'a change sets at least one field')
    .meta({ description: 'dotted field paths and their new values, e.g. "scorers.0.enrolment": 1 or "city.camerasPerThousand": 800' }),
  note: z.string().optional().meta({ description: 'what the change stands for, shown in the report (e.g. "mandatory from 2020")' }),
});

export const scenarioSchema = z.strictObject({
  extends: z.string().optional().meta({ description: 'a scenario this one builds on (a shipped name such as seed-2020, or a path from this file’s folder): its fields, with this file’s on top' }),
  set: z.record(z.string(), z.unknown()).optional().meta({ description: 'with extends: fields of the base changed by dotted paths, list items by index, e.g. "scorers.0.enrolment": 0.3' }),
  name: id.default('unnamed').meta({ description: 'the scenario’s name' }),
  description: z.string().default('').meta({ description: 'what the scenario represents, with sources' }),
  seed: param(z.number().int().min(0).max(4294967295), 1, { unit: 'integer', source: 'reproducibility', description: 'the random seed' }),
  days: param(z.number().int().min(1).max(MAX_DAYS), 365, { unit: 'days', source: 'one tick is one day', description: 'length of the run' }),
  population,
  city,
  life,
  observe,
  response,
  scorers: z.array(scorer).default([]).meta({ description: 'scoring policies, each with rules, a range and tiers (see docs/scenarios.md)' }),
  lists: z.array(list).default([]).meta({ description: 'blacklists and redlists with entry and exit events' }),
  gates: z.array(gate).default([]).meta({ description: 'what a list or a tier grants or denies' }),
  screens,
  appeals,
  broker,
  output,
  schedule: z
    .array(scheduled)
    .default([])
    .meta({ description: 'changes during the run: on each day, set fields to new values (a voluntary scheme made mandatory, cameras rolled out, rules published); see docs/scenarios.md' }),
});

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScorerSpec = Scenario['scorers'][number];
export type RuleSpec = ScorerSpec['rules'][number];
export type DimensionSpec = ScorerSpec['dimensions'][number];
export type GateSpec = Scenario['gates'][number];
export type ListSpec = Scenario['lists'][number];
export type CitySpec = Scenario['city']['cities'][number];
