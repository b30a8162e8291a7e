#include "base/calendar.h"

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
static const char *const day_names[] = {"Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday",
                                        "Sunday"};

const char *calendar_month_name(int month)
{
    return month >= 1 && month <= 12 ? month_names[month - 1] : "";
}

const char *calendar_day_name(int weekday)
{
    return weekday >= 0 && weekday <= 6 ? day_names[weekday] : "";
}

bool calendar_is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int calendar_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return days[month - 1] + (month == 2 && calendar_is_leap(year));
}

/* Days from civil (Howard Hinnant's algorithm). */
int calendar_weekday(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    long days = era * 146097 + doe - 719468;
    long wd = (days + 3) % 7; /* 1970-01-01 was a Thursday */
    return (int)(wd < 0 ? wd + 7 : wd);
}
