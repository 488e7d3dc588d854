-- The last business-initiated template sent to a customer on a business number, and where it came from
-- (active contact, recontact, batch send, survey, desk): the reply routing decision (processes/reply-routing.dmn)
-- reads it to tell a reply to a batch send from a reply to an active contact.
create table template_contact (
  customer_id      bigint       not null references customer (id),
  phone_number_id  varchar(64)  not null,
  origin           varchar(32)  not null,
  sent_at          timestamp with time zone not null,
  constraint pk_template_contact primary key (customer_id, phone_number_id)
);
