-- WhatsApp usernames (2026): a customer may hide the phone number; Meta then identifies them only by the
-- business-scoped user id (BSUID, e.g. BR.1502576394655843, up to 2 + 1 + 128 characters; a parent BSUID
-- has ENT. in between). Customers are known by phone number, by BSUID, or by both.
alter table customer alter column wa_id drop not null;
alter table customer add column user_id varchar(160);
alter table customer add column username varchar(64);
alter table customer add constraint uk_customer_user_id unique (user_id);
alter table customer add constraint ck_customer_identified check (wa_id is not null or user_id is not null);
-- inbound events are ordered per customer by this key: the phone number, or the BSUID when there is none
alter table inbound_event alter column wa_id set data type varchar(160);
