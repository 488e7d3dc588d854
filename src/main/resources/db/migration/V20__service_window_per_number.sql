-- The 24-hour customer service window belongs to a customer AND a business number (Meta opens it on the number the
-- customer wrote to): the time of the customer's last message to each number. customer.last_inbound_at stays as the
-- last message to any number.
create table customer_window (
  customer_id      bigint       not null references customer (id),
  phone_number_id  varchar(64)  not null,
  last_inbound_at  timestamp with time zone not null,
  constraint pk_customer_window primary key (customer_id, phone_number_id)
);

-- Backfill from the customers' messages already kept (system messages do not open the window).
insert into customer_window (customer_id, phone_number_id, last_inbound_at)
select customer_id, phone_number_id, max(sent_at)
from chat_message
where direction = 'IN' and type <> 'SYSTEM'
group by customer_id, phone_number_id;
