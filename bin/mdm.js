#!/usr/bin/env node
// The `mdm` command: runs the built CLI (out/main/cli.js), building it first when the sources changed.
import { ensureBuilt } from './ensure-built.js';

if (ensureBuilt('mdm')) await import('../out/main/cli.js');
else process.exitCode = 1;
