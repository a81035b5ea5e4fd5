-- Exports walk a region in (site region, number) order, a page after the last row sent.
create index certificate_site_region_number_idx on certificate (site_region_code, number);
