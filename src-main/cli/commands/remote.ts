import { readFileSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import { defineCommand, defineGroup } from '../command';
import { dataDirFlag, jsonFlag } from '../common-flags';
import { defineNamedCommand } from '../named-command';
import { callRemote } from '../../backend/remotes/client';
import { readRemotes, removeRemote, saveRemote, remotesFile } from '../../backend/remotes/registry';
import { dataDir } from '../../backend/paths';

const add = defineCommand({
  name: 'add',
  summary: 'remember another mdm serve (URL and its token) and check that it answers',
  synopsis: 'mdm remote add NAME URL [--token-file FILE]',
  description:
    'The token is the one in the URL that server printed; it is read from --token-file or\n' +
    '$MDM_REMOTE_TOKEN (never from the command line, where other users could see it) and kept in\n' +
    '<data dir>/remotes.json, readable by you only (0600).',
  positionals: 2,
  flags: {
    'token-file': { type: 'string', arg: 'FILE', help: "file holding the server's token" },
    'data-dir': dataDirFlag,
  },
  async run(values, [name, url], io) {
    if (!name || !url) throw new MdmError('invalid', 'expected NAME and URL');
    const token = values['token-file']
      ? readFileSync(values['token-file'], 'utf8').trim()
      : process.env.MDM_REMOTE_TOKEN;
    if (!token)
      throw new MdmError('invalid', 'no token: set MDM_REMOTE_TOKEN or pass --token-file FILE');
    const home = values['data-dir'] ?? dataDir();
    const candidate = { name, url: url.replace(/\/$/, '').replace(/\/\?token=.*$/, ''), token };
    const runs = (await callRemote(candidate, 'runs-list', { limit: 1 })) as { total: number };
    const saved = saveRemote(home, candidate);
    io.out(`added ${saved.name} (${saved.url}): ${runs.total} runs`);
    return 0;
  },
});

const list = defineCommand({
  name: 'list',
  summary: 'the remote servers and whether they answer',
  synopsis: 'mdm remote list [--json]',
  flags: { json: jsonFlag, 'data-dir': dataDirFlag },
  async run(values, _positionals, io) {
    const remotes = readRemotes(values['data-dir'] ?? dataDir());
    const rows = await Promise.all(
      remotes.map(async (r) => {
        try {
          const page = (await callRemote(r, 'runs-list', { limit: 1 })) as { total: number };
          return { name: r.name, url: r.url, online: true, runs: page.total };
        } catch (error) {
          return { name: r.name, url: r.url, online: false, error: (error as Error).message };
        }
      }),
    );
    if (values.json) io.out(JSON.stringify(rows, null, 2));
    else if (rows.length === 0) io.out('no remote servers (mdm remote add NAME URL)');
    else
      for (const row of rows)
        io.out(`${row.name}  ${row.url}  ${row.online ? `online, ${row.runs} runs` : 'offline'}`);
    return 0;
  },
});

const remove = defineNamedCommand({
  name: 'remove',
  summary: 'forget a remote server and its token',
  synopsis: 'mdm remote remove NAME',
  what: 'remote server name',
  flags: {},
  run(values, name, io) {
    const home = values['data-dir'] ?? dataDir();
    if (!removeRemote(home, name))
      throw new MdmError('not_found', `no remote server '${name}' in ${remotesFile(home)}`);
    io.out(`removed ${name}`);
    return 0;
  },
});

/** `mdm remote`: other `mdm serve` instances this CLI reaches (`mdm runs … --remote NAME`). */
export const remoteCommand = defineGroup({
  name: 'remote',
  summary: 'other mdm serve instances (e.g. a GPU box through an SSH tunnel)',
  subcommands: [add, list, remove],
});
