/* calendar: the Gregorian calendar's few facts, shared by the loader
 * (checking a date) and the briefing (writing one): month and day names in
 * English, days in a month, the day of the week. */
#ifndef BRIEFPACK_CALENDAR_H
#define BRIEFPACK_CALENDAR_H

#include <stdbool.h>

/* "January" … "December" (month 1–12). */
const char *calendar_month_name(int month);
/* "Monday" … "Sunday" (0–6). */
const char *calendar_day_name(int weekday);
bool calendar_is_leap(int year);
/* Days in `month` (1–12) of `year`. */
int calendar_days_in_month(int year, int month);
/* Monday = 0 … Sunday = 6. */
int calendar_weekday(int year, int month, int day);

#endif
