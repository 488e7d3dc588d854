-- What an administrator sets per agent at runtime (GET/PUT /api/agents): the WhatsApp numbers enabled for them and
-- how many conversations they may hold at once (null = atende.agents.max-concurrent-conversations). Seeded from
-- atende.agents.users / atende.agents.limits for agents without a row; a Camunda user without a row has no number.
-- The row is also the lock that serializes an agent's claims (AgentCapacity), so two claims never pass the limit.
create table agent_settings (
  user_id                       varchar(128) primary key,
  max_concurrent_conversations  integer,
  updated_at                    timestamp with time zone not null,
  updated_by                    varchar(128)
);

create table agent_number (
  user_id          varchar(128) not null references agent_settings (user_id) on delete cascade,
  phone_number_id  varchar(64) not null,
  primary key (user_id, phone_number_id)
);
create index ix_agent_number_number on agent_number (phone_number_id);

-- the desk finds a task's conversation by the task's process instance (the link agents cannot rewrite)
create index ix_conversation_process_instance on conversation (process_instance_id);
