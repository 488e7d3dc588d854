-- One send limiter per business number for the whole cluster (SendRateLimiter), used by every send: each number's
-- sends get evenly spaced time slots (microseconds since the epoch) from its row, leased a few at a time by each node.
-- next_slot: the first slot nobody has leased yet; bulk_next_slot: the earliest slot batches may take next (their share).
alter table send_rate add column next_slot bigint default 0 not null;
alter table send_rate add column bulk_next_slot bigint default 0 not null;
-- the batches' permit log (BatchRateLimiter) is replaced by the slots
drop table send_permit;
