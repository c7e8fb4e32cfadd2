#!/usr/bin/env node
// Thin entry point: the CLI is compiled to dist/ by `npm install` (the prepare script).
import { main } from '../dist/src/cli/main.js';

await main(process.argv.slice(2));
