// Compares the rows hyparquet (an independent JavaScript Parquet reader)
// reads from a file with floe's `inspect --format json` lines for it.
// usage: node parquet/hyparquet_compare.mjs FILE.parquet FLOE.jsonl
// Exact for integers, floats, strings, booleans, binaries, dates, times and
// UUIDs; decimals at double precision and timestamps at milliseconds (what
// hyparquet returns for them). Prints a JSON report; exit 0 when all match.
import { parquetRead, parquetMetadata } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { readFileSync } from 'node:fs';

const [file, jsonl] = process.argv.slice(2);
const buf = readFileSync(file);
const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length);
const floeRows = readFileSync(jsonl, 'utf8').split('\n').filter((l) => l).map((l) => JSON.parse(l));
const md = parquetMetadata(ab);
const leaf = Object.fromEntries(md.schema.slice(1).map((e) => [e.name, e]));

function micros(text) {  // "HH:MM:SS.ffffff" -> microseconds
  const [h, m, s] = text.split(':');
  const [sec, frac = ''] = s.split('.');
  return ((Number(h) * 60 + Number(m)) * 60 + Number(sec)) * 1e6 + Number(frac.padEnd(6, '0'));
}

function same(name, f, h) {
  if (f === null || f === undefined) return h === null || h === undefined;
  if (h === null || h === undefined) return false;
  const e = leaf[name];
  const lt = e.logical_type?.type;
  if (lt === 'DECIMAL' || e.converted_type === 'DECIMAL') {
    const want = Number(f);
    return Math.abs(want - Number(h)) <= Math.abs(want) * 1e-12 + 1e-12;
  }
  if (lt === 'DATE') return (h instanceof Date ? h.toISOString().slice(0, 10) : String(h)) === f;
  if (lt === 'TIMESTAMP' || e.type === 'INT96') return h instanceof Date && Date.parse(f.replace(' UTC', '').replace(' ', 'T') + 'Z') === h.getTime();
  if (lt === 'TIME') return Number(h) === micros(f);
  if (lt === 'UUID') return String(h).toLowerCase() === f;
  if (e.type === 'BYTE_ARRAY' && lt !== 'STRING') return Buffer.from(h).toString('base64') === f;
  if (e.type === 'FLOAT') return Math.fround(Number(f)) === Math.fround(Number(h));
  if (e.type === 'INT64') return BigInt(h) === BigInt(f);
  return h === f;
}

await parquetRead({
  file: ab,
  compressors,
  utf8: false,
  rowFormat: 'object',
  onComplete: (rows) => {
    const mismatches = [];
    if (rows.length !== floeRows.length) mismatches.push({ rows: [rows.length, floeRows.length] });
    for (let i = 0; i < Math.min(rows.length, floeRows.length); ++i) {
      for (const name of Object.keys(floeRows[i])) {
        if (!same(name, floeRows[i][name], rows[i][name])) {
          mismatches.push({ row: i, column: name, floe: floeRows[i][name], hyparquet: String(rows[i][name]) });
        }
      }
    }
    console.log(JSON.stringify({ rows: rows.length, mismatches: mismatches.length, sample: mismatches.slice(0, 5) }));
    process.exit(mismatches.length ? 1 : 0);
  },
});
