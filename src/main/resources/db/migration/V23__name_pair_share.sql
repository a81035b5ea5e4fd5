-- A name search of two common characters (有限, 公司, 科技) matches most of the register: the bigram index then hands
-- over every match to be sorted, and the bigram function costs twelve times the LIKE on each row it filters. The
-- search asks first how common the query's rarest pair of characters is, by the planner's own statistics of the
-- name index (0 when the pair is not among its most common), and for a common one reads in the page's order with the
-- LIKE alone, stopping after the page. Statistics of an index are shown only to the table's owner: hence a definer;
-- the shares of character pairs among holders' names are no secret.
create function registry_name_pair_share(q text) returns real
    language sql stable strict security definer set search_path from current
as $$
    select coalesce(min(coalesce(common.share, 0)), 0)
      from unnest(registry_bigrams(q)) as pair
      left join lateral (
            select s.share
              from pg_stats p, unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) as s(element, share)
             where p.schemaname = current_schema() and p.tablename = 'certificate_holder_name_bigrams_idx'
               and s.element = pair
      ) common on true
$$;
