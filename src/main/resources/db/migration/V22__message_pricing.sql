-- What a template send costs: the template's category (from the registry) when it leaves, then Meta's pricing
-- (billable, pricing_model, category, type) and conversation fields from the status webhooks.
create table message_pricing (
  message_id               bigint        not null references chat_message (id),
  phone_number_id          varchar(64)   not null,
  template_name            varchar(512),
  template_category        varchar(32),
  billable                 boolean,
  pricing_model            varchar(16),
  pricing_category         varchar(64),
  pricing_type             varchar(64),
  conversation_id          varchar(128),
  conversation_origin      varchar(64),
  conversation_expires_at  timestamp with time zone,
  sent_at                  timestamp with time zone not null,
  priced_at                timestamp with time zone,
  constraint pk_message_pricing primary key (message_id)
);
create index ix_message_pricing_sent on message_pricing (sent_at);
