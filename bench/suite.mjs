// The whole benchmark suite (`make bench`, bench/run): every harness at
// every size asked for, then one results file in ClickBench's shape, a
// Markdown summary (ratios floe/DuckDB, geometric means per query class,
// ingest, scaling exponents, instruction counts, micro-benchmarks) and plots.
//
//   node bench/suite.mjs [--rows 10000000,100000000] [--suites sql,ingest,parquet,planning,callgrind,micro]
//        [--rounds K] [--threads T] [--only S2,H1] [--build DIR] [--results DIR] [--data DIR]
//        [--callgrind-rows N] [--ingest-rows N,M] [--ingest-rounds K] [--planning "ARGS"]
//        [--micro-min-time S] [--strict 1]
//
// The parts each harness writes (their own JSON, Markdown and plot) go to
// results/<date>-<commit>/; the combined files are
// results/<date>-<commit>.{json,md} and results/<date>-<commit>-{ratios,scale,memory}.png,
// made from every part in that directory: a later run of the same commit
// (another size, another suite) adds to the result set.
import { duckdbApi, parseArgs, runStamp } from './common.mjs';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs();
const sizes = (args.rows ?? '10000000').split(',').map(Number);
const suites = (args.suites ?? 'sql,ingest,parquet,planning,callgrind,micro').split(',');
const threads = Number(args.threads ?? 2);
const build = resolve(args.build ?? join(here, '..', 'build-bench'));
const dataRoot = resolve(args.data ?? join(here, 'data'));
const ingestSizes = (args['ingest-rows'] ?? args.rows ?? '10000000').split(',').map(Number);
const callgrindRows = Number(args['callgrind-rows'] ?? 100_000);
const { date, commit } = runStamp();
const resultsDir = resolve(args.results ?? join(here, 'results'));
const partsDir = join(resultsDir, `${date}-${commit}`);
mkdirSync(partsDir, { recursive: true });
const base = join(resultsDir, `${date}-${commit}`);
const log = (s) => process.stderr.write(`${s}\n`);
const passOn = (names) => names.filter((n) => args[n] !== undefined).flatMap((n) => [`--${n}`, args[n]]);

function harness(script, extra) {
  log(`\n== ${script} ${extra.join(' ')}`);
  execFileSync('node', [join(here, script), ...extra, '--results', partsDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const partPath = (name) => join(partsDir, `${date}-${commit}-${name}.json`);
const readPart = (name) => (existsSync(partPath(name)) ? JSON.parse(readFileSync(partPath(name), 'utf8')) : null);

// ---- the harnesses ----
for (const rows of suites.includes('sql') ? sizes : []) {
  harness('sql_vs_duckdb.mjs', ['--rows', String(rows), '--threads', String(threads),
    '--driver', join(build, 'bench', 'sql_query_driver'), '--data', join(dataRoot, `sales-${rows}`),
    ...passOn(['rounds', 'only', 'strict', 'memory-limit'])]);
}
for (const rows of suites.includes('ingest') ? ingestSizes : []) {
  harness('ingest_vs_duckdb.mjs', ['--rows', String(rows), '--threads', String(threads),
    '--floe', join(build, 'floe'), '--data', join(dataRoot, `ingest-${rows}`), ...passOn(['strict']),
    ...(args['ingest-rounds'] ? ['--rounds', args['ingest-rounds']] : [])]);
}
if (suites.includes('parquet')) {
  harness('parquet_vs_duckdb.mjs', ['--rows', String(sizes[0]), '--driver', join(build, 'bench', 'parquet_rw_driver'),
    '--data', dataRoot, ...passOn(['rounds'])]);
  const p = readPart('parquet-rw');
  writeFileSync(partPath('parquet-rw'), JSON.stringify({ ...p, rows: sizes[0] }, null, 2));
}
// Iceberg scan planning (no peer: absolute figures).
if (suites.includes('planning')) {
  log('\n== bench/planning');
  execFileSync(join(here, 'planning'), [...(args.planning ? args.planning.split(' ') : []),
    '--driver', join(build, 'bench', 'iceberg_planning_driver'), '--results', partsDir], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// ---- callgrind: instructions per query on one thread (the stable signal between commits) ----
// Each query runs once in a fresh `sql_query_driver run` under callgrind;
// the process's instructions for `SELECT 1` (start, catalog) are subtracted.
if (suites.includes('callgrind')) {
  const driver = join(build, 'bench', 'sql_query_driver');
  const dir = join(dataRoot, `sales-${callgrindRows}`);
  mkdirSync(dir, { recursive: true });
  execFileSync(driver, ['generate', dir, String(callgrindRows)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const queries = JSON.parse(execFileSync('node', [join(here, 'sql_vs_duckdb.mjs'), '--list-queries', '1'],
    { encoding: 'utf8' })).filter((q) => !args.only || args.only.split(',').includes(q.id));
  const instructions = (query) => {
    const out = join(tmpdir(), `floe-callgrind-${process.pid}.out`);
    const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, driver, 'run', dir, '1', '1', query],
      { encoding: 'utf8', maxBuffer: 1 << 26 });
    rmSync(out, { force: true });
    const m = r.stderr.match(/Collected : (\d+)/);
    if (r.status !== 0 || !m) throw new Error(`callgrind of ${query}: ${r.stderr.slice(-2000)}`);
    return Number(m[1]);
  };
  log(`\n== callgrind, ${callgrindRows} rows, 1 thread`);
  const baseline = instructions('SELECT 1');
  const perQuery = {};
  for (const q of queries) {
    try {
      perQuery[q.id] = instructions(q.sql) - baseline;
      log(`  ${q.id}: ${(perQuery[q.id] / 1e6).toFixed(0)} M instructions`);
    } catch (e) {
      log(`  ${q.id}: not supported (${e.message.split('\n')[0]})`);
    }
  }
  // The newest earlier run's counts, for the change since.
  const earlier = readdirSync(resultsDir).filter((n) => /^\d{4}-\d\d-\d\d-[0-9a-f]+\.json$/.test(n) && !n.includes(commit))
    .sort().reverse().map((n) => JSON.parse(readFileSync(join(resultsDir, n), 'utf8')))
    .find((r) => r.callgrind?.rows === callgrindRows);
  writeFileSync(partPath('callgrind'), JSON.stringify({ rows: callgrindRows, baseline_instructions: baseline,
    instructions: perQuery,
    previous: earlier ? { commit: earlier.commit, instructions: earlier.callgrind.instructions } : null }, null, 2));
}

// ---- micro-benchmarks (Google Benchmark executables bench/*_bench) ----
if (suites.includes('micro')) {
  const micro = {};
  const dir = join(build, 'bench');
  for (const exe of readdirSync(dir).filter((n) => n.endsWith('_bench')).sort()) {
    log(`\n== ${exe}`);
    const out = execFileSync(join(dir, exe), ['--benchmark_format=json', `--benchmark_min_time=${args['micro-min-time'] ?? 0.2}`],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    micro[exe] = JSON.parse(out).benchmarks.map((b) => ({ name: b.name, ns: b.real_time, time_unit: b.time_unit,
      bytes_per_second: b.bytes_per_second ?? null, items_per_second: b.items_per_second ?? null }));
  }
  writeFileSync(partPath('micro'), JSON.stringify(micro, null, 2));
}

// ---- every part of this commit's result set ----
const sql = {}, ingest = {}, limited = [];
for (const name of readdirSync(partsDir)) {
  const m = name.match(/-(sql|ingest)-(\d+)\.json$/);
  if (m) (m[1] === 'sql' ? sql : ingest)[Number(m[2])] = JSON.parse(readFileSync(join(partsDir, name), 'utf8'));
  // Runs under a memory limit (--memory-limit GB): reported on their own.
  if (/-sql-\d+-limit-[\d.]+gb\.json$/.test(name)) limited.push(JSON.parse(readFileSync(join(partsDir, name), 'utf8')));
}
const parquet = readPart('parquet-rw');
const planning = existsSync(partPath('iceberg-planning'))
  ? readFileSync(partPath('iceberg-planning'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))  // a case per line
  : null;
const callgrind = readPart('callgrind');
const micro = readPart('micro');

// ---- the combined results (ClickBench's shape: per system, per query, the round times) ----
let duckdbVersion = 'unknown';
try {
  const { DuckDBInstance } = duckdbApi();
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  duckdbVersion = String((await con.runAndReadAll('SELECT version()')).getRows()[0][0]);
} catch {}
const sqlSizes = Object.keys(sql).map(Number).sort((a, b) => a - b);
const first = sql[sqlSizes[0]];
const queryList = first ? first.results.map((r) => ({ id: r.id, class: r.class, query: r.sql })) : [];
const timesOf = (engine) => Object.fromEntries(sqlSizes.map((n) => [n, sql[n].results.map((r) =>
  (r.not_supported ? null : r[`${engine}_times`]))]));
const combined = {
  date, commit,
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  settings: { threads, rounds: first?.rounds ?? null, sizes: sqlSizes, ingest_sizes: Object.keys(ingest).map(Number) },
  calibration: first?.calibration ?? null,
  queries: queryList,
  systems: [
    { system: 'floe', process_start_s: first?.process_start.floe_s ?? null, result: timesOf('floe') },
    { system: `DuckDB ${duckdbVersion}`, process_start_s: first?.process_start.duckdb_s ?? null, result: timesOf('duckdb') },
  ],
  sql: Object.fromEntries(sqlSizes.map((n) => [n, { geomean: sql[n].geomean, geomean_by_class: sql[n].geomean_by_class,
    results: sql[n].results }])),
  ingest: Object.fromEntries(Object.entries(ingest).map(([n, r]) => [n, r.results])),
  memory_limited: limited, parquet_rw: parquet, iceberg_planning: planning, callgrind, micro,
};

// Time ∝ rows^b over the sizes run (least squares on log-log), per query and engine.
const exponent = (points) => {
  if (points.length < 2) return null;
  const xs = points.map((p) => Math.log(p[0])), ys = points.map((p) => Math.log(p[1]));
  const mx = xs.reduce((a, b) => a + b) / xs.length, my = ys.reduce((a, b) => a + b) / ys.length;
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0), sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  return sxy / sxx;
};
const scaling = {};
for (const q of queryList) {
  const pts = (engine) => sqlSizes.map((n) => [n, sql[n].results.find((r) => r.id === q.id)])
    .filter(([, r]) => r && !r.not_supported).map(([n, r]) => [n, r[`${engine}_s`]]);
  scaling[q.id] = { floe: exponent(pts('floe')), duckdb: exponent(pts('duckdb')) };
}
combined.scaling = scaling;
writeFileSync(`${base}.json`, JSON.stringify(combined, null, 2));

// ---- the summary ----
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(d));
const rowsName = (n) => (n >= 1e9 ? `${n / 1e9}B` : n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
let md = `# floe vs ${combined.systems[1].system}, ${date}, commit ${commit}\n\n` +
  `${combined.machine}; ${threads} threads for both engines; medians of ${first?.rounds ?? '-'} rounds in random order, ` +
  'both engines resident, on the same Parquet files. Ratio = floe time / DuckDB time (below 1: floe faster).\n';
if (sqlSizes.length) {
  md += `\n## SQL queries\n\n| id | class | ${sqlSizes.map((n) => `${rowsName(n)}: floe s | DuckDB s | ratio`).join(' | ')} |` +
    `${sqlSizes.length > 1 ? ' exponent b floe / DuckDB |' : ''}\n` +
    `|---|---|${sqlSizes.map(() => '---|---|---|').join('')}${sqlSizes.length > 1 ? '---|' : ''}\n`;
  for (const q of queryList) {
    md += `| ${q.id} | ${q.class} |`;
    for (const n of sqlSizes) {
      const r = sql[n].results.find((x) => x.id === q.id);
      md += r.not_supported ? ' not supported | | |'
        : ` ${fmt(r.floe_s, 3)} | ${fmt(r.duckdb_s, 3)} | ${fmt(r.ratio)}${r.rows_match ? '' : ' (results differ)'} |`;
    }
    if (sqlSizes.length > 1) md += ` ${fmt(scaling[q.id].floe)} / ${fmt(scaling[q.id].duckdb)} |`;
    md += '\n';
  }
  md += `\nGeometric mean of the ratios, by class:\n\n| class | ${sqlSizes.map(rowsName).join(' | ')} |\n|---|${sqlSizes.map(() => '---|').join('')}\n`;
  for (const c of Object.keys(first.geomean_by_class)) {
    md += `| ${c} | ${sqlSizes.map((n) => fmt(sql[n].geomean_by_class[c])).join(' | ')} |\n`;
  }
  md += `| **all** | ${sqlSizes.map((n) => `**${fmt(sql[n].geomean)}**`).join(' | ')} |\n`;
  md += `\nPer size, with CPU time, peak memory, floe's counters, the physical limit and both engines' efficiency ` +
    `against it, and DuckDB's hive-glob and pruned-list forms of the monitoring queries: ` +
    sqlSizes.map((n) => `[${rowsName(n)}](${date}-${commit}/${date}-${commit}-sql-${n}.md)`).join(', ') + '.\n';
  const c = first.calibration;
  md += `\nProcess start (not in the query times): floe ${fmt(first.process_start.floe_s * 1000, 0)} ms, DuckDB ` +
    `(node + instance) ${fmt(first.process_start.duckdb_s * 1000, 0)} ms. Calibration: memcpy ${fmt(c.memcpy_bytes_per_s / 1e9, 1)} GB/s ` +
    `and zstd ${fmt(c.zstd_bytes_per_s / 1e9)} GB/s per core, reads ${fmt(c.read_bytes_per_s_2_threads / 1e9, 1)} GB/s on 2 threads.\n`;
}
for (const run of limited.sort((a, b) => a.rows - b.rows || a.memory_limit_gb - b.memory_limit_gb)) {
  md += `\n## ${rowsName(run.rows)} rows with a memory limit of ${run.memory_limit_gb} GB for both engines\n\n` +
    '| id | floe s | DuckDB s | ratio | peak RSS MB floe / DuckDB | floe spill MB |\n|---|---|---|---|---|---|\n';
  for (const r of run.results) {
    md += r.not_supported ? `| ${r.id} | not supported: ${r.not_supported.replaceAll('|', '/')} | | | | |\n`
      : `| ${r.id} | ${fmt(r.floe_s, 3)} | ${fmt(r.duckdb_s, 3)} | ${fmt(r.ratio)} | ${fmt(r.floe_peak_rss / 1e6, 0)} / ` +
        `${fmt(r.duckdb_peak_rss / 1e6, 0)} | ${fmt(r.floe_counters.spill_bytes / 1e6, 0)} |\n`;
  }
}
if (Object.keys(ingest).length) {
  md += '\n## Ingest (floe INSERT into Iceberg vs DuckDB COPY to Parquet, zstd, same row groups)\n\n' +
    '| rows | input | floe s | DuckDB s | ratio | DuckDB default row groups s | ratio | peak RSS MB floe / DuckDB |\n|---|---|---|---|---|---|---|---|\n';
  for (const [n, rs] of Object.entries(ingest)) {
    for (const r of rs.results) {
      md += `| ${rowsName(Number(n))} | ${r.format} | ${fmt(r.floe.seconds)} | ${fmt(r.duckdb.seconds)} | ${fmt(r.ratio)} ` +
        `| ${fmt(r.duckdb_default.seconds)} | ${fmt(r.ratio_default)} | ${fmt(r.floe.rss_mb, 0)} / ${fmt(r.duckdb.rss_mb, 0)} |\n`;
    }
  }
}
if (parquet) {
  md += `\n## Parquet read and write, ${rowsName(parquet.rows)} rows, one thread\n\n` +
    readFileSync(join(partsDir, `${date}-${commit}-parquet-rw.md`), 'utf8').split('\n').filter((l) => l.startsWith('|')).join('\n') + '\n';
}
if (planning) {
  md += '\n## Iceberg scan planning (no peer)\n\n' +
    readFileSync(join(partsDir, `${date}-${commit}-iceberg-planning.md`), 'utf8').split('\n').filter((l) => l.startsWith('|')).join('\n') + '\n';
}
if (callgrind) {
  const prev = callgrind.previous;
  md += `\n## Instructions per query (callgrind, ${rowsName(callgrind.rows)} rows, one thread, process start subtracted)\n\n` +
    `| id | instructions (M) |${prev ? ` at ${prev.commit} (M) | change |` : ''}\n|---|---|${prev ? '---|---|' : ''}\n`;
  for (const [id, n] of Object.entries(callgrind.instructions)) {
    const p = prev?.instructions[id];
    md += `| ${id} | ${fmt(n / 1e6, 0)} |${prev ? ` ${p ? fmt(p / 1e6, 0) : '-'} | ${p ? `${fmt(100 * (n / p - 1), 1)}%` : '-'} |` : ''}\n`;
  }
}
if (micro) {
  md += '\n## Micro-benchmarks (Google Benchmark)\n\n| benchmark | time | throughput |\n|---|---|---|\n';
  for (const [exe, list] of Object.entries(micro)) {
    for (const b of list) {
      const tput = b.bytes_per_second ? `${fmt(b.bytes_per_second / 1e9)} GB/s`
        : b.items_per_second ? `${fmt(b.items_per_second / 1e6, 1)} M items/s` : '';
      md += `| ${exe} ${b.name} | ${fmt(b.ns, 1)} ${b.time_unit} | ${tput} |\n`;
    }
  }
}
md += `\nPlots: ${['ratios', 'scale', 'memory'].map((p) => `[${p}](${date}-${commit}-${p}.png)`).join(', ')}. ` +
  `Raw: [${date}-${commit}.json](${date}-${commit}.json).\n`;
writeFileSync(`${base}.md`, md);
console.log(md);

// ---- plots (gnuplot) ----
function gnuplot(name, script, data) {
  const dat = `${base}-${name}.dat`;
  writeFileSync(dat, data);
  try {
    execFileSync('gnuplot', ['-e', script.replaceAll('DATA', `'${dat}'`).replaceAll('OUT', `'${base}-${name}.png'`)]);
  } catch (e) { log(`plot ${name} skipped: ${e.message}`); }
  rmSync(dat, { force: true });
}
if (sqlSizes.length) {
  // Ratio per query, one bar per size.
  const ratio = (n, id) => { const r = sql[n].results.find((x) => x.id === id); return r.not_supported ? 'NaN' : r.ratio; };
  gnuplot('ratios', ['set terminal png size 1000,440', 'set output OUT',
    `set title 'floe / DuckDB per query (below 1: floe faster), ${threads} threads'`,
    'set logscale y 2', 'set yrange [0.05:8]', 'set style data histograms', 'set style histogram clustered gap 1',
    'set style fill solid 0.7', 'set grid ytics', 'set key top left',
    `plot ${sqlSizes.map((n, i) => `DATA using ${i + 2}${i ? '' : ':xtic(1)'} title '${rowsName(n)} rows'`).join(', ')}, ` +
      '1 with lines lc rgb "black" notitle'].join('; '),
  queryList.map((q) => `${q.id} ${sqlSizes.map((n) => ratio(n, q.id)).join(' ')}`).join('\n') + '\n');
  // Time against rows, log-log, both engines.
  const cols = queryList.map((q) => q.id);
  const row = (n, engine, key) => sql[n].results.map((r) => (r.not_supported ? 'NaN' : r[key])).join(' ');
  const scaleData = sqlSizes.map((n) => `${n} ${row(n, 'floe', 'floe_s')} ${row(n, 'duckdb', 'duckdb_s')}`).join('\n') + '\n';
  const q = cols.length;
  gnuplot('scale', ['set terminal png size 1100,480', 'set output OUT', 'set multiplot layout 1,2',
    'set logscale xy', 'set grid', 'set xlabel "rows"', 'set ylabel "seconds"', 'set key outside right font ",8"',
    "set title 'floe'", `plot ${cols.map((id, i) => `DATA using 1:${i + 2} with linespoints title '${id}'`).join(', ')}`,
    "set title 'DuckDB'", `plot ${cols.map((id, i) => `DATA using 1:${q + i + 2} with linespoints title '${id}'`).join(', ')}`,
    'unset multiplot'].join('; '), scaleData);
  // Peak memory against rows: the largest over the queries, and the memory tests (H2, J1, T2).
  const mem = (n, key, id) => {
    const rs = sql[n].results.filter((r) => !r.not_supported && (!id || r.id === id));
    return rs.length ? Math.max(...rs.map((r) => r[key])) / 1e6 : 'NaN';
  };
  const memIds = ['', 'H2', 'J1', 'T2'];
  gnuplot('memory', ['set terminal png size 900,480', 'set output OUT', 'set logscale xy', 'set grid',
    'set xlabel "rows"', 'set ylabel "peak RSS (MB) during the query"', 'set key outside right font ",9"',
    "set title 'Peak memory against data size'",
    `plot ${memIds.flatMap((id, i) => [`DATA using 1:${2 * i + 2} with linespoints lw 2 title 'floe ${id || 'max'}'`,
      `DATA using 1:${2 * i + 3} with linespoints dt 2 title 'DuckDB ${id || 'max'}'`]).join(', ')}`].join('; '),
  sqlSizes.map((n) => `${n} ${memIds.map((id) => `${mem(n, 'floe_peak_rss', id)} ${mem(n, 'duckdb_peak_rss', id)}`).join(' ')}`).join('\n') + '\n');
}
