#!/usr/bin/env node
// isolab command-line entry: the CLI lives in cli/ (compiled to dist/cli/).
import { runCli } from '../dist/cli/main.js';
await runCli(process.argv);
