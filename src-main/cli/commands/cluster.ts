import type { ClusterProfile } from '#shared/api/cluster';
import { MdmError } from '#shared/errors';
import { defineCommand, defineGroup } from '../command';
import { dataDirFlag, jsonFlag } from '../common-flags';
import { defineNamedCommand } from '../named-command';
import { parseClusterProfile, requireClusterProfile } from '../../backend/cluster/profiles';
import { dataDir } from '../../backend/paths';
import {
  deleteClusterProfile,
  listClusterProfiles,
  openStore,
  saveClusterProfile,
  type StoreDb,
} from '../../backend/store/index';
import path from 'node:path';
import { mkdirSync } from 'node:fs';

function withStore<T>(dir: string | undefined, use: (db: StoreDb) => T): T {
  const home = dir ?? dataDir();
  mkdirSync(home, { recursive: true });
  const db = openStore(path.join(home, 'mdm.sqlite'));
  try {
    return use(db);
  } finally {
    db.close();
  }
}

function describe(p: ClusterProfile): string {
  const lines: [string, string | number | undefined][] = [
    ['partition', p.partition],
    ['gpus per job', p.gpusPerJob],
    ['time limit', p.timeLimit],
    ['account', p.account],
    ['extra #SBATCH', p.extraSbatch.join(' ') || undefined],
    ['setup', p.setup || undefined],
    ['mdm command', p.mdmCommand],
    ['server URL', p.serverUrl ?? '(the URL mdm serve listens on)'],
    ['requeue limit', p.requeueLimit],
    ['max jobs', p.maxJobs],
  ];
  return [
    p.name,
    ...lines.filter(([, v]) => v !== undefined).map(([k, v]) => `  ${k.padEnd(14)} ${v}`),
  ].join('\n');
}

const set = defineNamedCommand({
  name: 'set',
  summary: 'create or change a Slurm profile (fields not given keep their value)',
  synopsis: 'mdm cluster profile set NAME [options]',
  what: 'profile name',
  flags: {
    partition: { type: 'string', arg: 'NAME', help: 'Slurm partition (--partition)' },
    gpus: { type: 'int', min: 0, max: 64, help: 'GPUs per job (--gpus; 0 trains on CPUs)' },
    time: { type: 'string', arg: 'LIMIT', help: 'time limit per job (--time, e.g. 4:00:00)' },
    account: { type: 'string', arg: 'NAME', help: 'account to charge (--account)' },
    sbatch: {
      type: 'json',
      help: 'more #SBATCH options as a JSON array, e.g. \'["--mem=16G","--qos=long"]\'',
    },
    setup: {
      type: 'string',
      arg: 'SHELL',
      help: 'shell lines run on the node first, e.g. "module load nodejs"',
    },
    'mdm-command': { type: 'string', arg: 'CMD', help: 'how the node runs mdm (default mdm)' },
    'server-url': { type: 'string', arg: 'URL', help: "the owner's URL as nodes reach it" },
    requeues: {
      type: 'int',
      min: 0,
      max: 100,
      help: 'automatic requeues of a run after a lost job (default 3)',
    },
    'max-jobs': { type: 'int', min: 1, max: 1000, help: 'jobs submitted at once (default 8)' },
  },
  run(values, name, io) {
    const profile = withStore(values['data-dir'], (db) => {
      let current: Record<string, unknown> = { name };
      try {
        current = { ...requireClusterProfile(db, name) };
      } catch (error) {
        if (!(error instanceof MdmError) || error.code !== 'not_found') throw error;
      }
      const given: Record<string, unknown> = {
        partition: values.partition,
        gpusPerJob: values.gpus,
        timeLimit: values.time,
        account: values.account,
        extraSbatch: values.sbatch,
        setup: values.setup,
        mdmCommand: values['mdm-command'],
        serverUrl: values['server-url'],
        requeueLimit: values.requeues,
        maxJobs: values['max-jobs'],
      };
      for (const [key, value] of Object.entries(given))
        if (value !== undefined) current[key] = value;
      const parsed = parseClusterProfile(current);
      saveClusterProfile(db, parsed);
      return parsed;
    });
    io.out(describe(profile));
    return 0;
  },
});

const show = defineNamedCommand({
  name: 'show',
  summary: 'one profile',
  synopsis: 'mdm cluster profile show NAME [--json]',
  what: 'profile name',
  flags: { json: jsonFlag },
  run(values, name, io) {
    const profile = withStore(values['data-dir'], (db) => requireClusterProfile(db, name));
    io.out(values.json ? JSON.stringify(profile, null, 2) : describe(profile));
    return 0;
  },
});

const list = defineCommand({
  name: 'list',
  summary: 'every profile',
  synopsis: 'mdm cluster profile list [--json]',
  flags: { json: jsonFlag, 'data-dir': dataDirFlag },
  run(values, _positionals, io) {
    const profiles = withStore(values['data-dir'], (db) =>
      listClusterProfiles(db).map((p) => parseClusterProfile(p as Record<string, unknown>)),
    );
    if (values.json) io.out(JSON.stringify(profiles, null, 2));
    else
      io.out(
        profiles.length
          ? profiles.map(describe).join('\n')
          : 'no cluster profiles (mdm cluster profile set NAME ...)',
      );
    return 0;
  },
});

const remove = defineNamedCommand({
  name: 'delete',
  summary: 'remove a profile',
  synopsis: 'mdm cluster profile delete NAME',
  what: 'profile name',
  flags: {},
  run(values, name, io) {
    if (!withStore(values['data-dir'], (db) => deleteClusterProfile(db, name)))
      throw new MdmError('not_found', `cluster profile ${name} does not exist`);
    io.out(`deleted cluster profile ${name}`);
    return 0;
  },
});

/** `mdm cluster profile ...`: the Slurm profiles `mdm serve --executor slurm --profile NAME` uses. */
export const clusterCommand = defineGroup({
  name: 'cluster',
  summary: 'Slurm profiles for training runs on a cluster',
  description:
    "Profiles live in the data directory's store; `mdm serve --executor slurm --profile NAME` uses one.",
  subcommands: [
    defineGroup({
      name: 'profile',
      parent: 'cluster',
      summary: 'set, show, list or delete a Slurm profile',
      subcommands: [set, show, list, remove],
    }),
  ],
});
