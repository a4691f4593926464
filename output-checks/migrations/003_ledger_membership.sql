-- The ledger compares outputs by joining persons to cells, so each released cell keeps its output's population
-- query and its key instead of a per-cell query.
alter table output_checks.released_cells add column output_sql text;
alter table output_checks.released_cells add column key_count int;
alter table output_checks.released_cells add column cell_key text;
alter table output_checks.released_cells alter column population_sql drop not null;
