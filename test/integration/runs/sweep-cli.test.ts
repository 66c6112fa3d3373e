import { describe, expect, it } from 'vitest';
import { useMdmHome } from './support';

const { run: mdm } = useMdmHome('sweep-cli');

// Six runs of 300 steps and a 10,000-point test evaluation each: minutes on a shared machine.
describe('mdm sweep', { timeout: 1_200_000 }, () => {
  it('`mdm sweep create` trains the grid to the end; `show` and `export` print its table', async () => {
    const create = await mdm([
      'sweep',
      'create',
      '--dataset',
      'swiss-roll',
      '--model',
      'mlp',
      '--diffusions',
      'vpsde,cld,learned-2',
      '--seeds',
      '2',
      '--first-seed',
      '1',
      '--protocol',
      'budget',
      '--steps',
      '300',
    ]);
    expect(create.code, create.err).toBe(0);
    expect(create.err).toContain('sweep 1 (swiss-roll-budget): 6 runs queued');

    const show = await mdm(['sweep', 'show', '1']);
    expect(show.code, show.err).toBe(0);
    const lines = show.out.split('\n');
    expect(lines[0]).toBe('sweep 1 swiss-roll-budget: completed, swiss-roll, protocol budget v2');
    expect(lines[1]).toMatch(/^diffusion +test NPD \(nats\/dim\) ± s\.e\. +seeds +paper$/);
    for (const [i, label] of ['vpsde', 'cld', 'learned-2'].entries())
      expect(lines[2 + i]).toMatch(new RegExp(`^${label} +\\d+\\.\\d{4} ± \\d+\\.\\d{4} +2/2 +—$`));
    expect(show.out.match(/ completed +300\/300$/gm)).toHaveLength(6);
    // --first-seed 1 --seeds 2: seeds 1 and 2 of every diffusion.
    expect(show.out.match(/ seed 1 /g)).toHaveLength(3);
    expect(show.out.match(/ seed 2 /g)).toHaveLength(3);
    expect(show.out).not.toMatch(/ seed 0 /);

    const csv = await mdm(['sweep', 'export', '1', '--format', 'csv']);
    expect(csv.out.split('\n')[0]).toBe(
      'diffusion,variant,metric,mean,stderr,seeds_done,seeds,paper_bpd,protocol',
    );
    expect(csv.out).toMatch(/^learned-2,,test\/npd,\d+\.\d{4},\d+\.\d{4},2,2,,budget v2$/m);
    const markdown = await mdm(['sweep', 'export', '1', '--format', 'markdown']);
    expect(markdown.out).toContain(
      '| diffusion | test NPD (nats/dim) (mean ± s.e.) | seeds | paper (submission version of the paper) |',
    );
    const json = JSON.parse((await mdm(['sweep', 'export', '1', '--format', 'json'])).out) as {
      members: unknown[];
    };
    expect(json.members).toHaveLength(6);
    expect((await mdm(['sweep', 'list'])).out).toMatch(/^1 +swiss-roll-budget +completed /m);
  });
});
