// Shared by the bench/*_vs_duckdb.mjs harnesses: flags, statistics, the
// DuckDB peer (from tests/interop's node_modules) and the commit measured.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(fileURLToPath(import.meta.url));

/// `--name value` pairs of the command line as an object.
export function parseArgs(argv = process.argv.slice(2)) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) => {
    if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
    return acc;
  }, []));
}

export const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
/// Cases in random order each round, so that drift of a noisy machine spreads evenly.
export const shuffle = (xs) => xs.map((x) => [Math.random(), x]).sort((a, b) => a[0] - b[0]).map((p) => p[1]);
export const geomean = (xs) => Math.exp(xs.reduce((a, x) => a + Math.log(x), 0) / xs.length);

/// @duckdb/node-api as tests/interop installed it.
export function duckdbApi() {
  const require = createRequire(join(benchDir, '..', 'tests', 'interop', 'package.json'));
  return require('@duckdb/node-api');
}

/// "2026-12-01" and the short commit, for result file names.
export function runStamp() {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8' }).trim();
  } catch {}
  return { date: new Date().toISOString().slice(0, 10), commit };
}

/// Resets the peak resident set (VmHWM) of process `pid` to its current
/// size (Linux: clear_refs 5), so that peakRss after a query is the query's.
export function resetPeakRss(pid) {
  try { writeFileSync(`/proc/${pid}/clear_refs`, '5'); } catch {}
}
/// The peak resident set of process `pid` in bytes (VmHWM).
export function peakRss(pid) {
  const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
  return m ? Number(m[1]) * 1024 : 0;
}
