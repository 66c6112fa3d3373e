#!/usr/bin/env node
// `npm test`: typecheck, lint, build, then every vitest project (unit, integration, e2e); one summary line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const resultsDir = path.join(root, 'test-results');
const vitestReport = path.join(resultsDir, 'vitest.json');
mkdirSync(resultsDir, { recursive: true });

const steps = [
  { name: 'typecheck', command: ['npm', 'run', '-s', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', '-s', 'lint'] },
  { name: 'build', command: ['npm', 'run', '-s', 'build'] },
  {
    name: 'vitest',
    command: [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ],
  },
];

const results = steps.map(({ name, command }) => {
  console.log(`\n── ${name}: ${command.join(' ')}`);
  const started = Date.now();
  const { status } = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
  return { name, ok: status === 0, seconds: (Date.now() - started) / 1000 };
});

let passed = 0;
let failed = 0;
if (existsSync(vitestReport)) {
  const report = JSON.parse(readFileSync(vitestReport, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}
console.log('\n── summary');
for (const r of results) {
  console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
  if (r.name === 'vitest') continue;
  if (r.ok) passed++;
  else failed++;
}
const vitestStep = results.find((r) => r.name === 'vitest');
if (vitestStep && !vitestStep.ok && failed === 0) failed++; // vitest failed without a failing test (e.g. a file that does not load)
console.log(`npm test: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && results.every((r) => r.ok) ? 0 : 1);
