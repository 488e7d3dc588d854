-- The protocol form an agent fills in (R14): the customer's personal data and notes on the protocol.
alter table customer add column full_name varchar(256);
alter table customer add column email varchar(256);
alter table conversation add column notes varchar(4000);
