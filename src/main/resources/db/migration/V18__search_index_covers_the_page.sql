-- A search page is chosen from this index alone (an index-only scan: the filter, the order and the id are all in it),
-- and only the page's rows are read from the table: a city's 727 matches were read row by row to keep 20.
drop index certificate_scheme_standing_region_idx;
create index certificate_scheme_standing_region_idx on certificate (scheme_code, standing, site_region_code)
    include (issue_date, expiry_date, id);
