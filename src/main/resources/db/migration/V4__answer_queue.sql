-- Customer messages that arrived while the bot was busy between two questions (a send still on its way).
-- They are delivered to the bot in order as soon as it waits for an answer again; the messages themselves
-- are in chat_message from the moment they arrive, so an agent sees them at once.
create table answer_queue (
  message_id       bigint primary key references chat_message (id),
  conversation_id  bigint not null references conversation (id),
  queued_at        timestamp with time zone not null
);
create index ix_answer_queue_conversation on answer_queue (conversation_id, message_id);
create index ix_answer_queue_queued_at on answer_queue (queued_at);
