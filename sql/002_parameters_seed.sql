-- 002_parameters_seed: the legal parameters of sql/parameters.csv (a copy of
-- shared/domain/parameters.csv kept in the repository), loaded by the
-- migration runner in this migration's transaction:
-- @load parameters.csv
SELECT 1;
