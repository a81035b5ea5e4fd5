-- The service's login no longer writes the log's tables itself: one inserted row could otherwise give the log a
-- checkpoint of any size, or entries out of order. The integrator appends through registry_log_append, which runs as
-- the schema's owner and accepts only what extends the log: entries numbered on from its end, a checkpoint of exactly
-- the entries there are, larger than every earlier one. What the checkpoint's signature says is checked by the
-- service, which holds the key; the database holds none.
create function registry_log_append(p_kinds varchar[], p_numbers varchar[], p_bodies varchar[], p_entries bytea[],
                                    p_levels smallint[], p_node_indexes bigint[], p_hashes bytea[], p_outbox_ids bigint[],
                                    p_size bigint, p_root bytea, p_note text) returns void
    language plpgsql security definer set search_path = public, pg_temp
as $$
declare
    first bigint := (select coalesce(max(index) + 1, 0) from log_entry);
begin
    insert into log_entry (index, kind, certificate_number, body_code, entry, site_region_code)
    select first + e.ordinality - 1, e.kind, e.number, e.body, e.entry, c.site_region_code
      from unnest(p_kinds, p_numbers, p_bodies, p_entries) with ordinality as e(kind, number, body, entry, ordinality)
      left join certificate c on c.number = e.number
     order by e.ordinality;
    insert into log_node (level, index, hash) select * from unnest(p_levels, p_node_indexes, p_hashes);
    delete from log_outbox where id = any(p_outbox_ids);
    if p_size <> first + coalesce(cardinality(p_entries), 0) then
        raise exception 'a checkpoint of % entries where the log has %', p_size, first + coalesce(cardinality(p_entries), 0);
    end if;
    if p_size < (select coalesce(max(size), 0) from log_checkpoint) then
        raise exception 'a checkpoint of % entries is smaller than the latest', p_size;
    end if;
    insert into log_checkpoint (size, root_hash, note) values (p_size, p_root, p_note) on conflict (size) do nothing;
end
$$;

do $$
declare
    application text := nullif('${application-role}', 'none');
begin
    if application is not null then
        execute format('revoke insert on log_entry, log_node, log_checkpoint from %I', application);
        execute format('revoke all on function registry_log_append from public');
        execute format('grant execute on function registry_log_append to %I', application);
    end if;
end
$$;
