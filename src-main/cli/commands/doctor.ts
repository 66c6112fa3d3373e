import path from 'node:path';
import { MdmError } from '#shared/errors';
import { dataDir } from '../../backend/paths';
import { diagnoseStore, restoreLatestBackup, salvageStore } from '../../backend/store/doctor';
import { liveOwner } from '../../backend/runs/owner-lock';
import { defineCommand } from '../command';
import { dataDirFlag, jsonFlag } from '../common-flags';

/** `mdm doctor`: checks the run store, restores its last sound backup or salvages what is readable. */
export const doctorCommand = defineCommand({
  name: 'doctor',
  summary: 'check the run store; restore its last good backup or salvage it',
  synopsis: 'mdm doctor [--restore | --salvage] [--data-dir DIR] [--json]',
  description:
    'Runs integrity_check and foreign_key_check on mdm.sqlite and its daily backups (backups/).\n' +
    '--restore replaces a damaged store by the newest sound backup; --salvage copies every row that\n' +
    'is still readable into a new store. Either keeps the damaged file beside it (mdm.sqlite.damaged-…).',
  flags: {
    restore: { type: 'boolean', help: 'replace the store by its newest sound backup' },
    salvage: { type: 'boolean', help: 'copy what is readable into a new store' },
    'data-dir': dataDirFlag,
    json: jsonFlag,
  },
  async run(values, _positionals, io) {
    const dir = values['data-dir'] ?? dataDir();
    const file = path.join(dir, 'mdm.sqlite');
    if (values.restore && values.salvage)
      throw new MdmError('invalid', 'give --restore or --salvage, not both');
    if (values.restore || values.salvage) {
      const owner = liveOwner(dir);
      if (owner)
        throw new MdmError(
          'conflict',
          `${dir} is in use by another MDM Studio process (pid ${owner.pid}): quit it first`,
        );
    }
    if (values.restore) {
      const restored = restoreLatestBackup(file);
      io.out(
        values.json
          ? JSON.stringify({ restored })
          : `restored ${file} from ${restored.from} (${restored.runs} runs); the damaged file is ${restored.aside}`,
      );
      return 0;
    }
    if (values.salvage) {
      const salvaged = salvageStore(file);
      io.out(
        values.json
          ? JSON.stringify({ salvaged })
          : `salvaged ${salvaged.copied.runs ?? 0} runs and ${salvaged.copied.metrics ?? 0} metric points into ${file}; the damaged file is ${salvaged.aside}`,
      );
      return 0;
    }
    const diagnosis = diagnoseStore(file);
    if (values.json) io.out(JSON.stringify(diagnosis, null, 2));
    else {
      io.out(
        diagnosis.problem
          ? `${file}: damaged (${diagnosis.problem})`
          : `${file}: ok (${diagnosis.runs} runs)`,
      );
      for (const b of diagnosis.backups)
        io.out(
          `  backup ${b.file}: ${b.problem ? `damaged (${b.problem})` : `ok (${b.runs} runs)`}`,
        );
      if (diagnosis.problem)
        io.out(
          diagnosis.backups.some((b) => !b.problem)
            ? 'mdm doctor --restore puts the newest sound backup in place'
            : 'no sound backup: mdm doctor --salvage copies what is readable',
        );
    }
    return diagnosis.problem ? 1 : 0;
  },
});
