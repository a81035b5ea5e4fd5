-- The region Atom feeds (/regions/{code}/feed.atom) read a region's latest entries. Joined to the
-- certificates, a province's feed walks every certificate of the province (100 000 certificates: 2.4 s);
-- with the certificate's site region on the entry and an index per level of GB/T 2260, it reads 50 index
-- entries whatever the region's size. The site is the certificate's when the entry is
-- integrated, a moment after its change.
alter table log_entry add column site_region_code varchar(6);

-- The integrator writes it with each entry, from the certificate as it is then.
update log_entry l set site_region_code = c.site_region_code
  from certificate c where c.number = l.certificate_number and l.site_region_code is null;

create index log_entry_province_idx on log_entry (left(site_region_code, 2), index) where site_region_code is not null;
create index log_entry_city_idx on log_entry (left(site_region_code, 4), index) where site_region_code is not null;
create index log_entry_district_idx on log_entry (site_region_code, index) where site_region_code is not null;
