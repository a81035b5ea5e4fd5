-- Webhooks: subscribers (systems that watch the register: procurement platforms, regulators' systems) hold
-- API keys of the role 'subscriber' and own subscriptions, each of which gets the log entries it matches
-- POSTed to its URL, in log order, signed with its own Ed25519 key (Standard Webhooks, v1a).
create table subscriber (
    id   bigserial    primary key,
    code varchar(40)  not null unique check (code ~ '^[A-Z0-9-]{2,40}$'),
    name varchar(200) not null
);

alter table api_key drop constraint api_key_role_check;
alter table api_key add constraint api_key_role_check check (role in ('admin', 'body', 'regulator', 'subscriber'));
alter table api_key add column subscriber_id bigint references subscriber (id);
alter table api_key add constraint api_key_subscriber_check check ((role = 'subscriber') = (subscriber_id is not null));

create table webhook_subscription (
    id                  bigserial     primary key,
    subscriber_id       bigint        not null references subscriber (id),
    url                 varchar(2000) not null,
    -- the filter: a list of certificates (webhook_certificate), a body, or a region code prefix of the site
    filter_kind         varchar(12)   not null check (filter_kind in ('certificates', 'body', 'region')),
    body_code           varchar(20)   check ((filter_kind = 'body') = (body_code is not null)),
    region_prefix       varchar(6)    check ((filter_kind = 'region') = (region_prefix is not null)),
    public_key          bytea         not null check (length(public_key) = 32),
    -- the private half signs deliveries; it is never shown, and the public reader may not read it
    private_key         bytea         not null check (length(private_key) = 32),
    created_at          timestamp with time zone not null default now(),
    -- every matching entry up to this log index has been delivered
    delivered_through   bigint        not null check (delivered_through >= -1),
    last_delivered      bigint,
    attempts            integer       not null default 0,
    first_failure_at    timestamp with time zone,
    last_attempt_at     timestamp with time zone,
    last_status         integer,
    last_error          varchar(200),
    next_attempt_at     timestamp with time zone,
    failing             boolean       not null default false,
    -- when the dispatcher last gave this subscription a turn: the due subscriptions take turns oldest first, so that
    -- many subscriptions with something new each time cannot keep a newer one waiting
    last_turn_at        timestamp with time zone
);
create index webhook_subscription_owner_idx on webhook_subscription (subscriber_id, id);
create index webhook_subscription_due_idx on webhook_subscription (next_attempt_at) where not failing;

create table webhook_certificate (
    subscription_id    bigint      not null references webhook_subscription (id) on delete cascade,
    certificate_number varchar(40) not null,
    primary key (subscription_id, certificate_number)
);

do $$
declare
    reader text := nullif('${reader-role}', 'none');
begin
    if reader is not null then
        execute format('revoke select on webhook_subscription, webhook_certificate from %I', reader);
    end if;
end
$$;
