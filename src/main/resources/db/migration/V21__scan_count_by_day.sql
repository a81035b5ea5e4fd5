-- Signals read the days of a period across all certificates: by day, with the count, so that only the days that could
-- stand out are looked at further.
create index scan_count_day_idx on scan_count (day, scans);
