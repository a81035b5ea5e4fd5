-- A region's figures (today's certificates by scheme, grade and status; its changes per month) are read from tables
-- that regional/RegionFigures takes once a refresh, per district (the site's six-digit code): a page sums the rows of
-- its districts instead of reading every certificate of a province per view. The figures are computed by the queries
-- of register/CertificateQueries, which call the status rules of V7; nothing here restates them.

-- Today's certificates of a district by scheme, grade and status, as of region_figures_taken.
create table region_status_count (
    region_code varchar(6)  not null,
    scheme_code varchar(40) not null,
    grade_code  varchar(40) not null,
    status      varchar(20) not null,
    count       bigint      not null,
    primary key (region_code, scheme_code, grade_code, status)
);

-- A district's changes (new, suspended, withdrawn, cancelled, expired) per month, for the months the trend charts show.
create table region_change_month (
    region_code varchar(6)  not null,
    month       date        not null,
    kind        varchar(20) not null,
    count       bigint      not null,
    primary key (region_code, month, kind)
);

-- When the figures were last taken, and the day they count "today" in; one row.
create table region_figures_taken (
    one      boolean     primary key default true check (one),
    day      date        not null,
    taken_at timestamp with time zone not null
);

-- The districts whose certificates changed since the figures were taken. Writers only append (no row is shared, so
-- concurrent writers never wait on each other); the taker deletes what it has seen and recounts those districts in
-- the same transaction, so a change committed while it counts leaves its row for the next take. A new day recounts
-- every district (EXPIRED follows the date), and so does the first take.
create table region_figures_stale (
    region_code varchar(6) not null
);

-- Statement-level: a bulk load or an import marks each district it touches once per statement, not once per row.
create function registry_region_figures_inserted() returns trigger language plpgsql as $$
begin
    insert into region_figures_stale (region_code) select distinct site_region_code from inserted_rows;
    return null;
end
$$;

create function registry_region_figures_updated() returns trigger language plpgsql as $$
begin
    -- a certificate moved to another district changes both
    insert into region_figures_stale (region_code)
        select site_region_code from old_rows union select site_region_code from new_rows;
    return null;
end
$$;

create function registry_region_figures_deleted() returns trigger language plpgsql as $$
begin
    insert into region_figures_stale (region_code) select distinct site_region_code from old_rows;
    return null;
end
$$;

create function registry_region_figures_events() returns trigger language plpgsql as $$
begin
    insert into region_figures_stale (region_code)
        select distinct c.site_region_code from inserted_events e join certificate c on c.id = e.certificate_id;
    return null;
end
$$;

create trigger certificate_region_figures_inserted after insert on certificate
    referencing new table as inserted_rows for each statement execute function registry_region_figures_inserted();
create trigger certificate_region_figures_updated after update on certificate
    referencing old table as old_rows new table as new_rows for each statement execute function registry_region_figures_updated();
create trigger certificate_region_figures_deleted after delete on certificate
    referencing old table as old_rows for each statement execute function registry_region_figures_deleted();
create trigger certificate_event_region_figures after insert on certificate_event
    referencing new table as inserted_events for each statement execute function registry_region_figures_events();

-- A period's changes (the page's "what changed", 30 days by default) start from the events of those days, not from
-- every certificate of a province; the expired ones come from the expiry date's index.
create index certificate_event_effective_date_idx on certificate_event (effective_date) include (certificate_id, kind);
