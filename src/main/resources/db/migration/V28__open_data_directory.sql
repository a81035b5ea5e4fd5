-- A day's dump holds the directory of certification bodies besides each province's certificates: a file is named by
-- its part (a two-digit province code, 'bodies' or 'body-approvals'), not only by a province.
alter table open_data_file rename column province to part;
