/**
 * The model's calendar: one tick is one day, a month is 30 days and a year 365 (no weekdays, no
 * leap years). Monthly payments, paydays and yearly caps count by it.
 */
export const DAYS_A_MONTH = 30;
export const DAYS_A_YEAR = 365;
