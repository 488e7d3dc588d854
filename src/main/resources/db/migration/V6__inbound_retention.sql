-- Retention deletes notifications whose events are gone: the foreign key needs an index on PostgreSQL
-- (H2 made one with the constraint), else each check and each delete scans inbound_event.
create index ix_inbound_event_notification on inbound_event (notification_id);
