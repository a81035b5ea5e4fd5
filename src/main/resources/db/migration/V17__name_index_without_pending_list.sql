-- A name search reads the GIN index's pending list whole, whatever it looks for: after a bulk load that list holds
-- up to gin_pending_list_limit (4 MB) of names, and a 2-character search at a million certificates read 337 index
-- pages for 812 matches. The register is read far more than written: each new name goes into the index at once.
alter index certificate_holder_name_bigrams_idx set (fastupdate = off);
select gin_clean_pending_list('certificate_holder_name_bigrams_idx'::regclass);
