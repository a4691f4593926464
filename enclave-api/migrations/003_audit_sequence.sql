-- Audit sequence numbers are assigned under the append lock (previous + 1), so a deleted entry shows as a gap.
alter table enclave.audit_log alter column seq drop default;
