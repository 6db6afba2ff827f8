#!/usr/bin/env node
/*
 * `npm run bench -- <area> [filters...]`: runs bench/<area>.ts (its exported async main(args)), which prints one JSON
 * line per case: name, backend, median seconds, throughput, and the baseline's figure and ratio from the same run.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
require('../scripts/register-ts.js');

const [area, ...args] = process.argv.slice(2);
const areas = fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
if (!area || !areas.includes(area)) {
  console.error(`usage: npm run bench -- <area>   (areas: ${areas.join(', ')})`);
  process.exit(1);
}
require(path.join(__dirname, `${area}.ts`))
  .main(args)
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
