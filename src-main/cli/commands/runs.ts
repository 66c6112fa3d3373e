import { parseArgs } from 'node:util';
import type { RunWithMetrics } from '#shared/api/runs';
import { UsageError, type CliCommand, type CliIO } from '../command';
import { call } from '../runs/call';
import { followRun } from '../runs/follow';
import { openCliService } from '../runs/service';
import { printRunSummary } from '../runs/summary';

const usage = `Usage: mdm runs <list|show|stop|resume|export|delete> [options]

  list [--status S] [--limit N] [--json]   runs, newest first, with loss and test BPD (NPD for 2-D toys)
  show ID [--json]                         one run: status, metrics, checkpoints
  stop ID                                  stop a queued run (a running one stops where it trains)
  resume ID                                continue a stopped/interrupted/failed run from its last checkpoint
  export ID --what samples|params|metrics-csv|metrics-json|weights [--folder DIR] [--file NAME]
  delete ID [--force]                      delete a run and its files (--force: even while it runs)
All take --out DIR to use another data directory.`;

const options = {
  status: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean', default: false },
  what: { type: 'string' },
  folder: { type: 'string' },
  file: { type: 'string' },
  force: { type: 'boolean', default: false },
  out: { type: 'string' },
} as const;

function runIdArg(raw: string | undefined): number {
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id < 1)
    throw new UsageError(`expected a run id, got '${raw ?? ''}'`);
  return id;
}

function metric(run: RunWithMetrics, key: string): string {
  const value = run.metrics[key]?.last;
  return value === undefined || value === null ? '—' : value.toFixed(4);
}

function printTable(runs: RunWithMetrics[], io: CliIO): void {
  const rows = runs.map((r) => [
    String(r.id),
    r.name,
    r.status,
    `${r.progress.step}/${r.progress.total}`,
    r.dataset,
    r.diffusion,
    String(r.k),
    r.backend ?? '—',
    metric(r, 'loss'),
    r.metrics['test/bpd'] ? metric(r, 'test/bpd') : metric(r, 'test/npd'),
  ]);
  const header = [
    'id',
    'name',
    'status',
    'step',
    'dataset',
    'diffusion',
    'K',
    'backend',
    'loss',
    'test bpd/npd',
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map((row) => row[i]?.length ?? 0)),
  );
  for (const row of [header, ...rows])
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'list, inspect, stop, resume, export and delete runs',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true });
    const [action, id] = positionals;
    const changes = action === 'stop' || action === 'resume' || action === 'delete';
    if (!['list', 'show', 'stop', 'resume', 'export', 'delete'].includes(action ?? '')) {
      throw new UsageError(
        `unknown action '${action ?? ''}' (list, show, stop, resume, export, delete)`,
      );
    }
    const service = openCliService({ out: values.out, manageRuns: changes });
    const handlers = service.handlers('http');
    try {
      switch (action) {
        case 'list': {
          const status = values.status ? [values.status as RunWithMetrics['status']] : undefined;
          const limit = values.limit === undefined ? 100 : Number(values.limit);
          const page = await call(handlers, 'runs-list', {
            ...(status ? { filter: { status } } : {}),
            limit,
            sort: { key: 'created_at', dir: 'desc' },
          });
          if (values.json) io.out(JSON.stringify(page, null, 2));
          else if (page.runs.length === 0) io.out('no runs yet: start one with `mdm train`');
          else printTable(page.runs, io);
          return 0;
        }
        case 'show':
          await printRunSummary(handlers, runIdArg(id), io, values.json);
          return 0;
        case 'stop': {
          const run = await call(handlers, 'runs-stop', { runId: runIdArg(id) });
          io.out(`run ${run.id} is ${run.status}`);
          return 0;
        }
        case 'resume': {
          const run = await call(handlers, 'runs-resume', { runId: runIdArg(id) });
          io.err(`run ${run.id} (${run.name}) resumes from step ${run.progress.step}`);
          const status = await followRun(service, run.id, run.progress.total, io);
          await printRunSummary(handlers, run.id, io, values.json);
          return status === 'completed' || status === 'stopped' ? 0 : 1;
        }
        case 'export': {
          const what = values.what as
            'samples' | 'params' | 'metrics-csv' | 'metrics-json' | 'weights';
          const { paths } = await call(handlers, 'runs-export', {
            runId: runIdArg(id),
            what,
            ...(values.folder ? { folder: values.folder } : {}),
            ...(values.file ? { fileName: values.file } : {}),
          });
          for (const file of paths) io.out(file);
          return 0;
        }
        default: {
          await call(handlers, 'runs-delete', { runId: runIdArg(id), force: values.force });
          io.out(`run ${id} deleted`);
          return 0;
        }
      }
    } finally {
      await service.close();
    }
  },
};
