// DuckDB's side of tests/parquet/dataset_test.cpp (the interop harness's @duckdb/node-api, offline).
//   node dataset_duckdb.mjs INTEROP_DIR read ROOT [COLUMNS]
//       prints read_parquet('ROOT/**/*.parquet', hive_partitioning = true) in the canonical form, columns in
//       COLUMNS order (comma-separated; default: DuckDB's order, partition columns last)
//   node dataset_duckdb.mjs INTEROP_DIR write IN.parquet OUT_DIR COL[,COL]
//       COPY (SELECT * FROM IN) TO OUT_DIR (FORMAT parquet, PARTITION_BY (COL, ...))
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [interop, mode, ...rest] = process.argv.slice(2);
const lib = (name) => import(pathToFileURL(path.join(interop, 'lib', name)).href);
const { openDuck, sqlStr, sqlIdent, writeDuckQuery } = await lib('duck.mjs');
const { LineWriter } = await lib('canon.mjs');

const { con } = await openDuck();
if (mode === 'read') {
  const [root, columns] = rest;
  const select = columns ? columns.split(',').map(sqlIdent).join(', ') : '*';
  const glob = path.join(root, '**', '*.parquet');
  const out = new LineWriter();
  await writeDuckQuery(con, `SELECT ${select} FROM read_parquet(${sqlStr(glob)}, hive_partitioning = true)`, out);
  await out.flush();
} else if (mode === 'write') {
  const [input, dir, cols] = rest;
  const by = cols.split(',').map(sqlIdent).join(', ');
  await con.run(`COPY (SELECT * FROM read_parquet(${sqlStr(input)})) TO ${sqlStr(dir)} (FORMAT parquet, PARTITION_BY (${by}))`);
} else {
  console.error('usage: dataset_duckdb.mjs INTEROP_DIR read ROOT [COLUMNS] | write IN.parquet OUT_DIR COLS');
  process.exit(2);
}
