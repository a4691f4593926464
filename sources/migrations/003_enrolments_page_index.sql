-- The education registry orders pages by (updated_at, enrolment_id); one index serves both the range and the order.
-- `sdf synth` rebuilds it after each bulk load; here it replaces the single-column index on existing databases.
drop index if exists education.enrolments_updated_at;
create index if not exists enrolments_updated_at_id on education.enrolments (updated_at, enrolment_id);
