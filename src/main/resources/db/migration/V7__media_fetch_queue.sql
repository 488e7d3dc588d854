-- Inbound media still to be fetched from the Graph API: the media sweep reads this small table instead of
-- scanning every message. A row goes when the file is stored or when the media is too old to fetch.
create table media_fetch (
  message_id  bigint primary key references chat_message (id),
  media_id    varchar(128) not null,
  queued_at   timestamp with time zone not null
);

insert into media_fetch (message_id, media_id, queued_at)
  select id, media_id, sent_at from chat_message
  where direction = 'IN' and media_id is not null and media_path is null;
