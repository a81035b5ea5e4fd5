-- The status rules, once, in SQL: every query that shows or filters a status (search, region figures,
-- exports) calls these functions. Their Java form is register/StatusTimeline, for a certificate whose
-- history is loaded; StatusRulesAgreementTest generates histories and checks both give the same answer.
-- Each function is a single SQL expression, so the planner inlines it into the query that calls it.

-- The standing an event leaves a certificate in; null for events that do not change it.
create function registry_standing_after(kind text) returns text
    language sql immutable parallel safe
as $$
    select case kind
        when 'ISSUED' then 'VALID'
        when 'RESTORED' then 'VALID'
        when 'SUSPENDED' then 'SUSPENDED'
        when 'WITHDRAWN' then 'WITHDRAWN'
        when 'CANCELLED' then 'CANCELLED'
    end
$$;

-- The status on a day of a certificate whose history left it in a standing: nothing is in force before
-- the issue date; withdrawn and cancelled are final and outrank expiry; otherwise it is expired after
-- the expiry date.
create function registry_status(standing text, issue_date date, expiry_date date, day date) returns text
    language sql immutable parallel safe
as $$
    select case
        when day < issue_date then 'NOT_YET_ISSUED'
        when standing in ('WITHDRAWN', 'CANCELLED') then standing
        when day > expiry_date then 'EXPIRED'
        else standing
    end
$$;

-- The standing a certificate's history leaves on a day: the latest standing-changing event effective on
-- or before it (events of one day in recording order); valid from the issue.
create function registry_standing_on(certificate_id bigint, day date) returns text
    language sql stable parallel safe
as $$
    select coalesce((
        select registry_standing_after(e.kind) from certificate_event e
        where e.certificate_id = registry_standing_on.certificate_id and e.effective_date <= registry_standing_on.day
          and registry_standing_after(e.kind) is not null
        order by e.effective_date desc, e.id desc
        limit 1), 'VALID')
$$;

-- The status of a certificate on any day, from its history.
create function registry_status_on(certificate_id bigint, issue_date date, expiry_date date, day date) returns text
    language sql stable parallel safe
as $$
    select registry_status(registry_standing_on(certificate_id, day), issue_date, expiry_date, day)
$$;

-- The stored standings that can show a status on some day, derived from registry_status itself (before,
-- during and after a certificate's life). A status filter adds "standing = any(...)" so that the
-- standing index narrows the rows before registry_status decides.
create function registry_standings_showing(status text) returns text[]
    language sql immutable parallel safe
as $$
    select coalesce(array_agg(standing), '{}') from unnest(array['VALID', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED']) standing
    where status in (registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-01'),
                     registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-02'),
                     registry_status(standing, date '2000-01-02', date '2000-01-03', date '2000-01-04'))
$$;

-- Whether on a day the annual surveillance audit of a certificate is overdue: it is valid that day and its
-- audit was due before the day less the grace period.
create function registry_surveillance_overdue(standing text, issue_date date, expiry_date date, surveillance_due date,
                                              day date, grace interval) returns boolean
    language sql immutable parallel safe
as $$
    select registry_status(standing, issue_date, expiry_date, day) = 'VALID' and surveillance_due < cast(day - grace as date)
$$;
