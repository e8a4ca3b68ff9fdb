import type { SpanWorld } from '../world.ts';
import { streamKey, uniform, lognormal } from '../core/random.ts';
import { EventType, JobLoss } from '../core/events.ts';
import { CaseStage, Occupation, SHARE, incomeOf } from '../population/citizens.ts';
import { emit } from './emit.ts';
import { loseJob } from './jobs.ts';
import { DAYS_A_MONTH } from '../core/calendar.ts';
import { Offer } from '../core/tables.ts';
import { illness, steadiness } from './health.ts';
import { companyListed } from './knowledge.ts';

/**
 * Money: on each citizen's payday, jobs are lost (more often in poor health) and found (not by
 * those too ill to work), income arrives, bills (with loan instalments, premiums, medical costs
 * that grow with illness, and sometimes a shock) fall due; stress makes bills paid late. A citizen short of cash borrows if they can,
 * else misses the payment and falls into arrears. Arrears past `defaultAfterDays` are sued;
 * a judgment follows after `courtDelayDays`; unpaid `complianceDays` later the debtor is
 * declared dishonest. Paying everything back closes the case.
 */
export function liveMoney(world: SpanWorld, from = 0, to = world.pop.n): void {
  const { day, pop, scenario } = world;
  const m = scenario.life.money;
  const c = pop.citizens;
  const k = (p: string) => streamKey(world.seed, `money.${p}`);
  const kJob = k('job'),
    kShock = k('shock'),
    kLate = k('late'),
    kLoan = k('loan'),
    kRepay = k('repay'),
    kOffer = k('offer');
  const b = scenario.broker;
  const h = scenario.life.health;
  const reviewed = world.policy.gatesByType[EventType.attempt_post].length > 0;
  for (let i = from; i < to; i++) {
    courtProcess(world, i, day);
    if (day % DAYS_A_MONTH !== c.payday[i]) continue;
    const month = (day / DAYS_A_MONTH) | 0;

    const employed = c.employer[i] >= 0;
    const ill = illness(c, i);
    if (employed && uniform(kJob, i, month, 0) < m.jobLoss * (1 + h.jobLossPerIllness * ill)) loseJob(world, i, JobLoss.layoff);
    else if (employed && companyListed(world, c.employer[i]) && uniform(kJob, i, month, 2) < scenario.life.companies.listedLayoff) loseJob(world, i, JobLoss.employer_listed);
    else if (!employed && c.health[i] * SHARE >= h.leaveWorkBelow && uniform(kJob, i, month, 1) < m.jobFinding * (c.shownUntil[i] >= day ? 1 - scenario.screens.stigmaHiring : 1)) {
      // an offer: the gates may bar the citizen's trade; tomorrow's response hires or not
      emit(world, EventType.attempt_job, i, c.home[i], 0);
    }
    // where a gate reviews those in post, a gated trade is reviewed every month
    if (reviewed && c.employer[i] >= 0 && c.occupation[i] !== Occupation.ordinary) emit(world, EventType.attempt_post, i, c.home[i], 0);

    // detention pays no wage
    const income = c.detainedUntil[i] >= day ? 0 : incomeOf(c, i, m.benefitShare);
    c.savings[i] += income;
    const buffer = scenario.population.savingsMonths * c.wage[i];
    if (c.savings[i] > buffer) c.savings[i] -= (c.savings[i] - buffer) * m.spendDown;
    let due = income * m.billsShare + c.loanPayment[i] + c.premium[i] + h.medicalCost * ill;
    const monthlyInterest = c.loanRate[i] / 12;
    if (uniform(kShock, i, month, 0) < m.shockProbability) due += lognormal(kShock, i, month, 1, m.shockMonths * c.wage[i], m.shockSigma);

    if (c.loanBalance[i] > 0) {
      c.loanBalance[i] = c.loanBalance[i] * (1 + monthlyInterest) - c.loanPayment[i];
      if (c.loanBalance[i] <= 0) c.loanBalance[i] = c.loanPayment[i] = 0;
    }

    const offer = c.offer[i];
    c.offer[i] = Offer.none;
    const takes = offer !== Offer.none && uniform(kOffer, i, month, 0) < b.offerUptake;
    if (takes && offer === Offer.product && c.savings[i] >= b.offerPrice + due) {
      c.savings[i] -= b.offerPrice;
      emit(world, EventType.marketed_purchase, i, c.home[i], b.offerPrice);
    }
    if (c.loanBalance[i] === 0) {
      // short of money, a citizen borrows if a lender will have them; an offered loan is taken on top
      const short = c.savings[i] < due ? due - c.savings[i] : 0;
      const offered = takes && offer === Offer.loan ? b.offerLoanMonths * c.wage[i] : 0;
      const needed = short > 0 && uniform(kLoan, i, month, 0) < m.loanAccess ? short : 0;
      const principal = needed + offered;
      if (principal > 0) {
        c.loanBalance[i] = principal;
        c.loanPayment[i] = annuity(principal, monthlyInterest, m.loanTermMonths);
        c.savings[i] += principal;
        if (needed > 0) emit(world, EventType.loan_taken, i, c.home[i], needed);
        if (offered > 0) emit(world, EventType.marketed_loan, i, c.home[i], offered);
      }
    }

    if (c.savings[i] >= due) {
      c.savings[i] -= due;
      if (uniform(kLate, i, month, 0) < m.forgetfulness * (1 - steadiness(c, i, h.stressOnConscientiousness))) emit(world, EventType.late_payment, i, c.home[i], due);
    } else {
      const missed = due - c.savings[i];
      c.savings[i] = 0;
      c.arrears[i] += missed;
      if (c.arrearsSince[i] < 0) c.arrearsSince[i] = day;
      emit(world, EventType.missed_payment, i, c.home[i], missed);
    }

    if (c.arrears[i] > 0 && c.savings[i] >= c.arrears[i]) {
      // a debtor under judgment pays with repayPropensity, more so while denials still sting;
      // before court, as conscientiousness says
      const pressed = c.lastBan[i] >= 0 && day - c.lastBan[i] <= m.banPressureDays ? m.banPressure : 0;
      const willing = c.caseStage[i] >= CaseStage.judged ? m.repayPropensity + pressed : steadiness(c, i, h.stressOnConscientiousness);
      if (uniform(kRepay, i, month, 0) < willing) repay(world, i);
    }
  }
}

function repay(world: SpanWorld, i: number) {
  const c = world.pop.citizens;
  c.savings[i] -= c.arrears[i];
  if (c.caseStage[i] >= CaseStage.judged) emit(world, EventType.judgment_repaid, i, c.home[i], c.arrears[i]);
  c.arrears[i] = 0;
  c.arrearsSince[i] = -1;
  c.caseStage[i] = CaseStage.none;
  c.caseDay[i] = -1;
}

function courtProcess(world: SpanWorld, i: number, day: number) {
  const c = world.pop.citizens;
  const m = world.scenario.life.money;
  const stage = c.caseStage[i];
  if (stage === CaseStage.none) {
    if (c.arrearsSince[i] >= 0 && day - c.arrearsSince[i] >= m.defaultAfterDays) {
      c.caseStage[i] = CaseStage.sued;
      c.caseDay[i] = day + m.courtDelayDays;
      emit(world, EventType.lawsuit, i, c.home[i], c.arrears[i]);
    }
  } else if (c.caseDay[i] === day) {
    if (stage === CaseStage.sued) {
      c.caseStage[i] = CaseStage.judged;
      c.caseDay[i] = day + m.complianceDays;
      emit(world, EventType.judgment, i, c.home[i], c.arrears[i]);
    } else if (stage === CaseStage.judged) {
      c.caseStage[i] = CaseStage.dishonest;
      c.caseDay[i] = -1;
      emit(world, EventType.judgment_defaulted, i, c.home[i], c.arrears[i]);
    }
  }
}

function annuity(principal: number, rate: number, months: number): number {
  return rate === 0 ? principal / months : (principal * rate) / (1 - (1 + rate) ** -months);
}
