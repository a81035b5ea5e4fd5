-- How often each certificate's QR code is verified, per day. No personal data: a count, nothing else.
create table scan_count (
    certificate_id bigint not null references certificate (id),
    day            date   not null,
    scans          bigint not null,
    primary key (certificate_id, day)
);
