-- A search page walks the certificates in its order (newest issue first, by default) from its cursor and stops after
-- the page, whatever its filters: page 50 of a walk costs what page 1 does. Before, a city's, a province's or a
-- status's matches were read whole and sorted for every page (V18's index leads with scheme and standing, and a
-- range of region codes cannot give issue order), and today's status was a CASE expression that the planner could
-- neither serve from an index nor estimate (it guessed 0.5 % of the rows, and chose plans for rare matches).

-- The site's province and city as columns of their own: a region filter becomes an equality, which an index can
-- lead with and still give the page's order. Kept right by the database on every insert and update (and by COPY).
alter table certificate
    add column site_province_code varchar(2) generated always as (substr(site_region_code, 1, 2)) stored,
    add column site_city_code     varchar(4) generated always as (substr(site_region_code, 1, 4)) stored;

-- One index in the page's order (issue date, id) per way of narrowing the register: none, a province, a city, a
-- district, a body. Each carries the columns the common filters read (scheme, standing, expiry date; the issue date
-- is in the key), so a page's ids come from the index alone and only the page's rows are read from the table.
-- The first replaces the index on the issue date alone, the last the one on the body alone (same leading column).
create index certificate_issued_idx on certificate (issue_date, id)
    include (scheme_code, standing, expiry_date);
create index certificate_province_issued_idx on certificate (site_province_code, issue_date, id)
    include (scheme_code, standing, expiry_date);
create index certificate_city_issued_idx on certificate (site_city_code, issue_date, id)
    include (scheme_code, standing, expiry_date);
create index certificate_district_issued_idx on certificate (site_region_code, issue_date, id)
    include (scheme_code, standing, expiry_date);
create index certificate_body_issued_idx on certificate (body_id, issue_date, id)
    include (scheme_code, standing, expiry_date);
drop index certificate_issue_date_idx;
drop index certificate_body_idx;

-- The parts of a certificate's life that the status rules tell apart: before its issue date (BEFORE_ISSUE), from its
-- issue date to its expiry date (IN_FORCE), after its expiry date (AFTER_EXPIRY). The stored standings that show a
-- status in one part, asked of registry_status (V7) as registry_standings_showing asks it; IN_FORCE on its first and
-- its last day.
create function registry_standings_showing_in(status text, part text) returns text[]
    language sql immutable parallel safe
as $$
    select coalesce(array_agg(standing), '{}') from unnest(array['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED']) standing
    where case part
        when 'BEFORE_ISSUE' then registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-01') = status
        when 'IN_FORCE' then registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-02') = status
                         and registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-03') = status
        when 'AFTER_EXPIRY' then registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-04') = status
    end
$$;

-- Whether a certificate whose history left it in a standing shows a status on a day: registry_status(standing,
-- issue_date, expiry_date, day) = status, written as conditions on the columns. Inlined into a query that names the
-- status as a constant, the parts in which no standing shows it fold away when the query is planned: for VALID what
-- is left is standing = any('{VALID}') and issue_date <= day and expiry_date >= day, which an index in issue order
-- serves and the planner estimates from the columns' statistics. StatusRulesAgreementTest checks both forms agree.
create function registry_has_status(standing text, issue_date date, expiry_date date, day date, status text)
    returns boolean
    language sql immutable parallel safe
as $$
    select (cardinality(registry_standings_showing_in(status, 'BEFORE_ISSUE')) > 0 and day < issue_date
                and standing = any(registry_standings_showing_in(status, 'BEFORE_ISSUE')))
        or (cardinality(registry_standings_showing_in(status, 'IN_FORCE')) > 0 and day >= issue_date and day <= expiry_date
                and standing = any(registry_standings_showing_in(status, 'IN_FORCE')))
        or (cardinality(registry_standings_showing_in(status, 'AFTER_EXPIRY')) > 0 and day > expiry_date
                and standing = any(registry_standings_showing_in(status, 'AFTER_EXPIRY')))
$$;

-- Whether a certificate can show a status on a day, whatever standing its history left it in that day: the dates'
-- part of registry_has_status. A filter by the status on a past day (registry_status_on, which reads the history)
-- asks it first, so that only certificates in the right part of their life have their history read.
create function registry_can_have_status(issue_date date, expiry_date date, day date, status text) returns boolean
    language sql immutable parallel safe
as $$
    select (cardinality(registry_standings_showing_in(status, 'BEFORE_ISSUE')) > 0 and day < issue_date)
        or (cardinality(registry_standings_showing_in(status, 'IN_FORCE')) > 0 and day >= issue_date and day <= expiry_date)
        or (cardinality(registry_standings_showing_in(status, 'AFTER_EXPIRY')) > 0 and day > expiry_date)
$$;
