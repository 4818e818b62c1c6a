#!/usr/bin/env node
// variant_duckdb.mjs HARNESS_DIR SQL... : runs each SQL statement in an offline in-memory DuckDB (the interop
// harness's), e.g. COPY (... ::VARIANT ...) TO 'file.parquet', so the Variant tests can read DuckDB's files.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [harness, ...statements] = process.argv.slice(2);
if (!harness || statements.length === 0) {
  console.error('usage: variant_duckdb.mjs HARNESS_DIR SQL...');
  process.exit(2);
}
const { openDuck } = await import(pathToFileURL(path.join(harness, 'lib', 'duck.mjs')).href);
try {
  const { con } = await openDuck();
  for (const sql of statements) await con.run(sql);
} catch (e) {
  console.error(`variant_duckdb.mjs: ${e.message}`);
  process.exit(1);
}
