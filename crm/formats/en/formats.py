"""One English date format on every page (WORK-4): "3 Dec 2026", times on the 24-hour
clock ("3 Dec 2026, 11:08"), so no "Dec." or "a.m." runs into a sentence's full stop and
no "12/03/2026" reads as March. Django's own English formats fill in the rest."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
