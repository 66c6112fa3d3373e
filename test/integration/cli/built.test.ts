import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempHome as tempDir } from '../runs/support';

/** A loader hook that refuses tsx in the process and (through execArgv) in its worker threads. */
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'tsx' || specifier.startsWith('tsx/')) throw new Error('tsx loaded at run time: ' + specifier);
  return next(specifier, context);
}`;
const noTsx = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`,
)}`;

/** Runs `node bin/mdm.js ARGS` with tsx unresolvable. */
function mdm(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ['--import', noTsx, 'bin/mdm.js', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('the shipped CLI runs built JavaScript, without tsx', () => {
  beforeAll(() => {
    // Builds out/ if the sources changed, so the runs below print nothing about building.
    expect(spawnSync(process.execPath, ['bin/ensure-built.js'], { cwd: repoRoot }).status).toBe(0);
  });

  it('keeps tsx out of dependencies and out of the bin scripts', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.devDependencies).toHaveProperty('tsx');
    for (const file of ['bin/mdm.js', 'bin/start.js', 'bin/ensure-built.js'])
      expect(readFileSync(path.join(repoRoot, file), 'utf8')).not.toMatch(/\btsx\b/);
  });

  it('builds every main entry as JavaScript that parses (the Electron entry has no other test here)', () => {
    const dir = path.join(repoRoot, 'out/main');
    const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'cli.js', 'run-worker.js']));
    for (const file of files) {
      const check = spawnSync(process.execPath, ['--check', path.join(dir, file)], {
        encoding: 'utf8',
      });
      expect(check.status, `${file}: ${check.stderr}`).toBe(0);
    }
  });

  it('refuses tsx under the hook (the hook works)', () => {
    const probe = spawnSync(
      process.execPath,
      ['--import', noTsx, '--input-type=module', '-e', "await import('tsx/esm/api')"],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(probe.status).not.toBe(0);
    expect(probe.stderr).toContain('tsx loaded at run time');
  });

  it('runs --help, diffusion verify with negative numbers, and a refusal', () => {
    const help = mdm(['--help']);
    expect(help.err).toBe('');
    expect(help.out).toMatch(/^Usage: mdm <command>/);
    const verify = mdm(
      'diffusion verify --preset malda --x -0.4 --mu 0.2 --var 0.5 --samples 2000'.split(' '),
      { MDM_HOME: tempDir('built-cli') },
    );
    expect(verify.code, verify.err).toBe(0);
    expect(verify.out).toContain('Exact-score check for malda');
    const refused = mdm(['train', '--lr', '-1']);
    expect(refused).toMatchObject({ code: 2, err: "mdm train: --lr must be > 0, got '-1'\n" });
  });

  it('trains in a built run worker, then evaluates and samples the run', () => {
    const home = tempDir('built-train');
    const train = mdm([
      ...'train --dataset two-moons --model mlp --diffusion vpsde --steps 10 --batch 16'.split(' '),
      ...'--sample-every 0 --eval-images 32 --data-dir'.split(' '),
      home,
    ]);
    expect(train.code, train.err).toBe(0);
    expect(train.out).toMatch(/^run 1 two-moons-vpsde: completed at step 10\/10/);
    const evaluated = mdm([
      'eval',
      '--run',
      '1',
      '--data-dir',
      home,
      '--eval-images',
      '32',
      '--json',
    ]);
    expect(evaluated.code, evaluated.err).toBe(0);
    expect(JSON.parse(evaluated.out)).toMatchObject({ runId: 1, step: 10, count: 32 });
    const sampled = mdm(['sample', '--run', '1', '--data-dir', home, '--steps', '4', '--json']);
    expect(sampled.code, sampled.err).toBe(0);
    expect(JSON.parse(sampled.out).path).toBe(
      path.join(home, 'runs', '1', 'samples', 'step-0000010-em.png'),
    );
  });

  it('`mdm serve` answers with the built UI', async () => {
    const child = spawn(
      process.execPath,
      ['--import', noTsx, 'bin/mdm.js', 'serve', '--port', '0'],
      {
        cwd: repoRoot,
        env: { ...process.env, MDM_HOME: tempDir('built-serve') },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /serving at (\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.on('exit', (code) => reject(new Error(`mdm serve exited with ${code}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
