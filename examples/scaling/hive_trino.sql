-- Trino's Hive connector on the same folder in object storage. Not run by the test suite: Trino is not installed
-- here. Partition columns come last in the column list; sync_partition_metadata registers the existing folders.
CREATE TABLE hive.sales.transactions (id bigint, amount double, day varchar)
WITH (external_location = 's3://bucket/transactions', format = 'PARQUET', partitioned_by = ARRAY['day']);
CALL hive.system.sync_partition_metadata('sales', 'transactions', 'ADD');
SELECT day, count(*) AS rows FROM hive.sales.transactions WHERE day = '2024-01-02' GROUP BY day;
