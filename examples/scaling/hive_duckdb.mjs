// Runs hive_duckdb.sql with DuckDB (the interop harness's @duckdb/node-api) in the folder where
// examples/partitioned.cpp wrote its dataset, and checks what DuckDB sees: three days of 1,000 rows each.
// Usage: node hive_duckdb.mjs INTEROP_DIR DATA_DIR
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';

const [interop, data] = process.argv.slice(2);
const require = createRequire(path.join(interop, 'package.json'));
const { DuckDBInstance } = await import(pathToFileURL(require.resolve('@duckdb/node-api')).href);

const here = path.dirname(fileURLToPath(import.meta.url));
const sql = readFileSync(path.join(here, 'hive_duckdb.sql'), 'utf8');
process.chdir(data);
const instance = await DuckDBInstance.create(':memory:', {
  autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const con = await instance.connect();
const rows = (await con.runAndReadAll(sql)).getRowObjects();
const got = rows.map(r => `${r.day} ${r.rows} ${r.total}`).join('\n');
console.log(got);
// Row i has day i % 3 and amount (i % 100) / 4 (examples/partitioned.cpp); the expected sums are computed here.
const expected = [0, 1, 2].map(d => {
  let s = 0;
  for (let i = d; i < 3000; i += 3) s += (i % 100) / 4;
  return `2024-01-0${d + 1} 1000 ${s}`;
}).join('\n');
if (got !== expected) {
  console.error(`hive_duckdb: expected\n${expected}`);
  process.exit(1);
}
