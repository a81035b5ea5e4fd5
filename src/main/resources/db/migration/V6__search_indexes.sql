-- Regulators' searches fix scheme and status and take a range of region codes (a province or a city):
-- with scheme and standing first, the range scan reads only matching rows, and the dates come along.
create index certificate_scheme_standing_region_idx on certificate (scheme_code, standing, site_region_code)
    include (issue_date, expiry_date);
