// Writes a Parquet file with DuckDB: node duckdb_write.mjs OUT.parquet CODEC "SELECT ..."
import { DuckDBInstance } from '@duckdb/node-api';
const [outPath, codec, query] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const con = await instance.connect();
await con.run(`COPY (${query}) TO '${outPath.replaceAll("'", "''")}' (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 3000)`);
