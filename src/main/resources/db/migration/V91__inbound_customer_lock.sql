-- One row per customer who sent something: storing a customer's inbound events locks it first, so that on
-- several nodes one customer's events are stored one transaction after the other (ids in commit order) and a
-- later event never commits while an earlier one is still uncommitted on another node.
-- stored_at lets the retention delete customers who sent nothing for longer than inbound-retention.
create table inbound_customer (
  customer_key  varchar(160) primary key,
  stored_at     timestamp with time zone not null
);
