-- The figures of a settled batch (finished or cancelled long enough ago that Meta's statuses have stopped, see
-- atende.batches.figures-settle-after), counted once and kept: the history lists up to 500 batches, and counting each
-- batch's recipients again every time it is opened grew with the history (about 50 ms per 10,000 recipients on H2).
create table batch_figures (
  batch_id    bigint    not null references batch_send (id),
  queued      int       not null,
  sent        int       not null,
  delivered   int       not null,
  read_count  int       not null,
  failed      int       not null,
  refused     int       not null,
  cancelled   int       not null,
  counted_at  timestamp with time zone not null,
  constraint pk_batch_figures primary key (batch_id)
);
