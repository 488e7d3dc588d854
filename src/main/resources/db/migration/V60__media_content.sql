-- Customers' media kept in the database (atende.whatsapp.media-store=database): every node of a cluster reads them
-- without a shared directory. chat_message.media_path then holds 'db:<message id>'.
create table media_content (
  message_id  bigint  not null,
  content     bytea   not null,
  constraint pk_media_content primary key (message_id),
  constraint fk_media_content_message foreign key (message_id) references chat_message (id)
);
