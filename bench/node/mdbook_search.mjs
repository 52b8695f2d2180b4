#!/usr/bin/env node
// mdBook's search, timed in node: the book's elasticlunr index searched with the npm `elasticlunr` package,
// the way the book's own searcher does it in a browser.
//
// Usage: node bench/node/mdbook_search.mjs BOOK_DIR QUERIES_FILE REPS
//
// Loads the book's search index (searchindex*.js, which sets window.search = {index, search_options,
// results_options, doc_urls}, evaluated in a vm sandbox as a page would; or searchindex.json where a book has
// it), then for each query does what the book's searcher does per keystroke: index.search(query, the book's
// search_options as shipped), and for the first 20 results (the benchmark's page size) escapes the body and
// builds the teaser with the book's own makeTeaser function, taken from its searcher JS at run time.
// One untimed pass over all queries, then REPS timed passes. Prints one JSON object on stdout.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const elasticlunr = require('elasticlunr');
const elasticlunrVersion = require('elasticlunr/package.json').version;

const PAGE = 20;
const [bookDir, queriesFile, repsText] = process.argv.slice(2);
if (!bookDir || !queriesFile) {
  console.error('usage: mdbook_search.mjs BOOK_DIR QUERIES_FILE [REPS]');
  process.exit(2);
}
const reps = Number(repsText || 1);

function findOne(re) {
  const names = fs.readdirSync(bookDir).filter((name) => re.test(name));
  if (names.length !== 1) throw new Error(`expected one file matching ${re} in ${bookDir}, found ${names}`);
  return path.join(bookDir, names[0]);
}

const loadStart = process.hrtime.bigint();
let config;
const jsonIndex = path.join(bookDir, 'searchindex.json');
const jsIndex = fs.readdirSync(bookDir).filter((name) => /^searchindex.*\.js$/.test(name));
let indexFile;
if (jsIndex.length === 1) {
  indexFile = path.join(bookDir, jsIndex[0]);
  const sandbox = { window: { search: {} } };
  sandbox.window.window = sandbox.window;
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(indexFile, 'utf8'), sandbox);
  config = sandbox.window.search;
} else if (fs.existsSync(jsonIndex)) {
  indexFile = jsonIndex;
  config = JSON.parse(fs.readFileSync(jsonIndex, 'utf8'));
} else {
  throw new Error(`no search index in ${bookDir}`);
}
const index = elasticlunr.Index.load(config.index);
const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

// The book's own teaser code.
const searcher = fs.readFileSync(findOne(/^searcher.*\.js$/), 'utf8');
const teaserSource = searcher.match(/function makeTeaser\(body, searchterms\) \{[\s\S]*?\n {4}\}\n/);
if (!teaserSource) throw new Error('makeTeaser not found in the book\'s searcher JS');
const makeTeaser = new Function('elasticlunr', 'results_options',
  `${teaserSource[0]}\nreturn makeTeaser;`)(elasticlunr, config.results_options);
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', '\'': '&#39;' };
const escapeHTML = (text) => text.replace(/[&<>'"]/g, (c) => ESCAPES[c]);

const queries = fs.readFileSync(queriesFile, 'utf8').split('\n').map((it) => it.trim()).filter(Boolean);

function search(query) {
  const results = index.search(query, config.search_options);
  const terms = query.split(' ');
  const shown = [];
  for (let i = 0; i < Math.min(results.length, PAGE); i++) {
    const doc = results[i].doc || index.documentStore.getDoc(results[i].ref);
    shown.push([config.doc_urls[results[i].ref], doc.breadcrumbs, makeTeaser(escapeHTML(doc.body), terms)]);
  }
  return [results.length, shown];
}

let zeroHit = 0;
for (const query of queries) {
  if (search(query)[0] === 0) zeroHit++;
}
const wallMs = [];
const cpuMs = [];
for (let rep = 0; rep < reps; rep++) {
  for (const query of queries) {
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    search(query);
    wallMs.push(Number(process.hrtime.bigint() - start) / 1e6);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1e3);
  }
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const rank = (sorted.length - 1) * p / 100;
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

console.log(JSON.stringify({
  queries: queries.length,
  executions: wallMs.length,
  median_ms: percentile(wallMs, 50),
  p99_ms: percentile(wallMs, 99),
  cpu_median_ms: percentile(cpuMs, 50),
  zero_hit_queries: zeroHit,
  index_load_ms: loadMs,
  index_file: path.basename(indexFile),
  indexed_sections: Object.keys(config.doc_urls).length,
  search_options: config.search_options,
  rss_end_kib: Math.round(process.memoryUsage().rss / 1024),
  elasticlunr_version: elasticlunrVersion,
  node_version: process.version,
}));
