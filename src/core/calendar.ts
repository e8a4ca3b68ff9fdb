/**
 * The model's calendar: one tick is one day, a month is 30 days and a year 365 (no weekdays, no
 * leap years). Monthly payments, paydays and yearly caps count by it.
 */
export const DAYS_A_MONTH = 30;
export const DAYS_A_YEAR = 365;

/** Age structures come in 5-year bands from 15-19 to 85-89 (the census's bands, the open top one closed at 89). */
export const AGE_BAND_FIRST = 15;
export const AGE_BAND_YEARS = 5;
export const AGE_BANDS = 15;
/** Nobody lives past this age (the age column is a byte; mortality makes it academic). */
export const OLDEST = 110;
