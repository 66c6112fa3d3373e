import { RUN_EXPORTS, RUN_STATUSES, type RunWithMetrics } from '#shared/api/runs';
import type { Handlers, RequestOf } from '#shared/api/contract';
import { protocolLabel } from '#shared/config/protocols';
import { MdmError } from '#shared/errors';
import { defineGroup, type CliIO } from '../command';
import { jsonFlag, runBackendFlag, type dataDirFlag } from '../common-flags';
import { intPositional, type FlagTable, type FlagValues } from '../flags';
import { call } from '../runs/call';
import { followRun } from '../runs/follow';
import { withCliService } from '../runs/service';
import {
  askedNote,
  forwardedHelp,
  groupAction,
  resumeHead,
  showAction,
  stopAction,
  type ActionHead,
} from '../runs/action';
import { printRunSummary } from '../runs/summary';
import type { BackendService } from '../../backend/service';
import { dataDir } from '../../backend/paths';
import { remoteHandlers } from '../../backend/remotes/client';
import { readRemotes, requireRemote } from '../../backend/remotes/registry';

const runIdArg = (raw: string | undefined): number => intPositional('the run ID', raw, { min: 1 });

/** `--tags a, b,,c` as ['a', 'b', 'c']: trimmed, empty entries dropped. */
function tagList(raw: string): string[] {
  return raw
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

function metric(run: RunWithMetrics, key: string): string {
  const value = run.metrics[key]?.last;
  return value === undefined || value === null ? '—' : value.toFixed(4);
}

/** The runs table; with `servers`, a first column names the server of each run. */
function printTable(runs: RunWithMetrics[], io: CliIO, servers?: string[]): void {
  const rows = runs.map((r, i) => [
    ...(servers ? [servers[i] ?? ''] : []),
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
    protocolLabel(r.config),
  ]);
  const header = [
    ...(servers ? ['server'] : []),
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
    'protocol',
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

/** `--remote NAME`: a remote `mdm serve` added with `mdm remote add` instead of this data directory. */
const remoteFlag = {
  type: 'string',
  arg: 'NAME',
  help: 'a remote server added with mdm remote add (default: this data directory)',
} as const;

/**
 * `mdm runs list --remote all`: this data directory's runs and every remote server's, newest
 * first, with a server column; a server that does not answer is named on stderr and skipped.
 */
async function listEverywhere(
  home: string | undefined,
  local: Handlers,
  request: RequestOf<'runs-list'>,
  json: boolean,
  io: CliIO,
): Promise<number> {
  const sources = [
    { name: 'local', handlers: local },
    ...readRemotes(home ?? dataDir()).map((r) => ({ name: r.name, handlers: remoteHandlers(r) })),
  ];
  const pages = await Promise.all(
    sources.map(async (source) => {
      try {
        return {
          server: source.name,
          runs: (await call(source.handlers, 'runs-list', request)).runs,
        };
      } catch (error) {
        io.err(`mdm runs list: ${(error as Error).message}`);
        return { server: source.name, runs: [], offline: true };
      }
    }),
  );
  const rows = pages
    .flatMap((page) => page.runs.map((run) => ({ server: page.server, run })))
    .sort((a, b) => b.run.createdAt - a.run.createdAt)
    .slice(0, request.limit);
  if (json) io.out(JSON.stringify(rows, null, 2));
  else if (rows.length === 0) io.out('no runs on any server');
  else
    printTable(
      rows.map((r) => r.run),
      io,
      rows.map((r) => r.server),
    );
  return 0;
}

/** One `mdm runs` action: its flags plus --data-dir and --remote, run against local or remote handlers. */
function action<const T extends FlagTable>(
  spec: ActionHead<T> & {
    manageRuns: boolean;
    run: (
      values: FlagValues<T & { 'data-dir': typeof dataDirFlag; remote: typeof remoteFlag }>,
      id: string | undefined,
      /** `service` is null for a remote server (its events do not come to the CLI); `home` names the data directory. */
      context: { service: BackendService | null; handlers: Handlers; io: CliIO; home: string },
    ) => Promise<number>;
  },
) {
  return groupAction(
    'runs',
    { ...spec, flags: { ...spec.flags, remote: remoteFlag } },
    (values, id, io) => {
      if (values.remote !== undefined && values.remote !== 'all') {
        const remote = requireRemote(values['data-dir'] ?? dataDir(), values.remote);
        const handlers = remoteHandlers(remote);
        const home = `the data directory of remote ${remote.name}`;
        return spec.run(values, id, { service: null, handlers, io, home });
      }
      const home = values['data-dir'] ?? dataDir();
      return withCliService({ dataDir: home, manageRuns: spec.manageRuns }, (service, handlers) =>
        spec.run(values, id, { service, handlers, io, home }),
      );
    },
  );
}

/** `mdm runs`: the recorded runs, through the same handlers the app uses. */
export const runsCommand = defineGroup({
  name: 'runs',
  summary: 'list, inspect, stop, resume, export and delete runs',
  subcommands: [
    action({
      name: 'list',
      summary: 'runs, newest first, with loss and test BPD (NPD for 2-D toys)',
      synopsis: '[options]',
      flags: {
        status: { type: 'enum', values: RUN_STATUSES, help: 'only runs in this state' },
        limit: { type: 'int', min: 1, max: 1000, default: 100, help: 'at most N runs' },
        json: jsonFlag,
      },
      manageRuns: false,
      async run(values, _id, { handlers, io }) {
        const request: RequestOf<'runs-list'> = {
          ...(values.status ? { filter: { status: [values.status] } } : {}),
          limit: values.limit,
          sort: { key: 'created_at', dir: 'desc' },
        };
        if (values.remote === 'all')
          return listEverywhere(values['data-dir'], handlers, request, values.json, io);
        const page = await call(handlers, 'runs-list', request);
        if (values.json) io.out(JSON.stringify(page, null, 2));
        else if (page.runs.length === 0)
          io.out(
            values.status ? `no ${values.status} runs` : 'no runs yet: start one with `mdm train`',
          );
        else printTable(page.runs, io);
        return 0;
      },
    }),
    action(
      showAction('one run: status, metrics, checkpoints', (handlers, id, io, json) =>
        printRunSummary(handlers, runIdArg(id), io, json),
      ),
    ),
    action(
      stopAction(
        'run',
        'stop a queued or running run (a running one saves a checkpoint first)',
        (handlers, id) => call(handlers, 'runs-stop', { runId: runIdArg(id) }),
      ),
    ),
    action({
      ...resumeHead(
        'run',
        'continue a stopped, interrupted or failed run from its last checkpoint',
        { backend: runBackendFlag },
      ),
      async run(values, id, { service, handlers, io, home }) {
        const run = await call(handlers, 'runs-resume', {
          runId: runIdArg(id),
          ...(values.backend === undefined ? {} : { backend: values.backend }),
        });
        const asked = askedNote(run, home);
        io.err(`run ${run.id} (${run.name}) resumes from step ${run.progress.step}${asked}`);
        // Trained by a remote server or the owner that was asked: follow it with mdm runs show.
        if (!service || asked) return 0;
        const status = await followRun(service, run.id, run.progress.total, io);
        await printRunSummary(handlers, run.id, io, values.json);
        return status === 'completed' || status === 'stopped' ? 0 : 1;
      },
    }),
    action({
      name: 'edit',
      summary: 'rename a run or replace its notes (Markdown) or tags',
      synopsis: 'ID [options]',
      flags: {
        name: { type: 'string', arg: 'NAME', help: 'the new name' },
        notes: { type: 'string', arg: 'TEXT', help: 'the new notes, Markdown ("" clears them)' },
        tags: {
          type: 'string',
          arg: 'LIST',
          help: 'the new tags, comma-separated ("" clears them)',
        },
      },
      manageRuns: false,
      async run(values, id, { handlers, io }) {
        const patch = {
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.notes !== undefined ? { notes: values.notes } : {}),
          ...(values.tags !== undefined ? { tags: tagList(values.tags) } : {}),
        };
        if (Object.keys(patch).length === 0)
          throw new MdmError('invalid', 'give --name, --notes or --tags (or several)');
        const run = await call(handlers, 'runs-update', { runId: runIdArg(id), ...patch });
        io.out(`run ${run.id}: ${run.name}${run.tags.length ? ` [${run.tags.join(', ')}]` : ''}`);
        return 0;
      },
    }),
    action({
      name: 'export',
      summary: 'write samples, learned parameters, metrics or weights to files',
      synopsis: 'ID --what KIND [options]',
      flags: {
        what: { type: 'enum', values: RUN_EXPORTS, help: 'what to export (required)' },
        step: {
          type: 'int',
          min: 0,
          arg: 'N',
          help: 'the sample step for samples-png|csv|npy (default the latest)',
        },
        folder: {
          type: 'string',
          arg: 'DIR',
          help: 'folder to write into (default <data dir>/exports)',
        },
        file: { type: 'string', arg: 'NAME', help: 'file name inside the folder' },
        overwrite: { type: 'boolean', help: 'replace an existing file of that name' },
      },
      manageRuns: false,
      async run(values, id, { handlers, io }) {
        if (values.what === undefined)
          throw new MdmError('invalid', `--what is required (${RUN_EXPORTS.join(', ')})`);
        const request = {
          runId: runIdArg(id),
          what: values.what,
          ...(values.step === undefined ? {} : { step: values.step }),
          ...(values.file ? { fileName: values.file } : {}),
          ...(values.overwrite ? { overwrite: true } : {}),
        };
        const { paths } = await call(handlers, 'runs-export', {
          ...request,
          ...(values.folder ? { folder: values.folder } : {}),
        });
        for (const file of paths) io.out(file);
        return 0;
      },
    }),
    action({
      name: 'delete',
      summary: 'delete a run and its files',
      synopsis: 'ID [options]',
      description: forwardedHelp,
      flags: { force: { type: 'boolean', help: 'delete even while it runs' } },
      manageRuns: true,
      async run(values, id, { handlers, io }) {
        const runId = runIdArg(id);
        await call(handlers, 'runs-delete', { runId, force: values.force });
        io.out(`run ${runId} deleted`);
        return 0;
      },
    }),
  ],
});
