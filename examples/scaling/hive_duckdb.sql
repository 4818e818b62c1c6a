-- The partitioned dataset of examples/partitioned.cpp, read by DuckDB as it is: `day` comes from the folder names.
SELECT day, count(*) AS rows, sum(amount) AS total
FROM read_parquet('transactions/*/*.parquet', hive_partitioning = true)
GROUP BY day
ORDER BY day;
