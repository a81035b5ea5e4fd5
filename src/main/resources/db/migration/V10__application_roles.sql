-- The service writes as a role that owns nothing, and reads for the public as one that only reads, so
-- that the database itself keeps the history append-only whatever the service does: the application
-- role may insert events but not update, delete or truncate them, nor disable their triggers (only the
-- owner, who runs these migrations, can). The roles are set up beside the database (DatabaseRoles for
-- the embedded one and the tests, CloudNativePG in Kubernetes) and named by Flyway placeholders; where
-- they are 'none', the service runs as the owner and nothing is granted.
do $$
declare
    application text := nullif('${application-role}', 'none');
    reader      text := nullif('${reader-role}', 'none');
begin
    if application is not null then
        execute format('grant usage on schema public to %I', application);
        execute format('grant select, insert, update, delete on all tables in schema public to %I', application);
        execute format('revoke update, delete, truncate on certificate_event from %I', application);
        execute format('revoke insert, update, delete, truncate on flyway_schema_history from %I', application);
        execute format('grant usage, select, update on all sequences in schema public to %I', application);
        execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I',
                       application);
        execute format('alter default privileges in schema public grant usage, select, update on sequences to %I',
                       application);
    end if;
    if reader is not null then
        execute format('grant usage on schema public to %I', reader);
        execute format('grant select on all tables in schema public to %I', reader);
        execute format('alter default privileges in schema public grant select on tables to %I', reader);
    end if;
end
$$;
