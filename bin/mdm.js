#!/usr/bin/env node
// The `mdm` command: registers tsx's TypeScript loader, then runs the CLI from source.
import { register } from 'tsx/esm/api';

register();
await import('../src-main/cli/bin.ts');
