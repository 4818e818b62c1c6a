-- Spark SQL on the same folder (copied to /data/transactions). Not run by the test suite: Spark is not installed
-- here. Spark discovers `day` from the folder names (partition discovery) and prunes partitions by it.
SELECT day, count(*) AS rows, sum(amount) AS total
FROM parquet.`/data/transactions`
WHERE day >= '2024-01-02'
GROUP BY day
ORDER BY day;
