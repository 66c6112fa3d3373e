/** A sweep's results as CSV, JSON or a Markdown table. */
import type { SweepDetail } from '#shared/api/sweeps';
import { PAPER_BPD_SOURCE } from '#shared/config/sweep';

export type SweepExportFormat = 'csv' | 'json' | 'markdown';

const num = (x: number | null, digits = 4) => (x === null ? '' : x.toFixed(digits));

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The results table in `format`; JSON also lists every member run with its status and value. */
export function exportSweep(detail: SweepDetail, format: SweepExportFormat): string {
  const { sweep, results, members, protocol } = detail;
  if (format === 'json') {
    return JSON.stringify(
      {
        sweep: { id: sweep.id, name: sweep.name, status: sweep.status, spec: sweep.spec },
        protocol,
        paperSource: PAPER_BPD_SOURCE,
        results,
        members: members.map((m) => {
          const metric = results.find(
            (r) => r.label === m.label && r.variant === m.variant,
          )?.metric;
          return {
            runId: m.runId,
            label: m.label,
            seed: m.seed,
            variant: m.variant,
            status: m.run.status,
            value: metric ? (m.run.metrics[metric]?.last ?? null) : null,
          };
        }),
      },
      null,
      2,
    );
  }
  if (format === 'csv') {
    const header = 'diffusion,variant,metric,mean,stderr,seeds_done,seeds,paper_bpd,protocol';
    const lines = results.map((r) =>
      [
        r.label,
        r.variant,
        r.metric,
        num(r.mean),
        num(r.stderr),
        r.done,
        r.seeds,
        num(r.paper, 3),
        protocol,
      ]
        .map((c) => csvCell(String(c)))
        .join(','),
    );
    return [header, ...lines].join('\n') + '\n';
  }
  const metric = results[0]?.metric === 'test/npd' ? 'test NPD (nats/dim)' : 'test BPD';
  const varies = results.some((r) => r.variant !== '');
  const head = [
    'diffusion',
    ...(varies ? ['variant'] : []),
    `${metric} (mean ± s.e.)`,
    'seeds',
    `paper (${PAPER_BPD_SOURCE})`,
  ];
  const rows = results.map((r) => [
    r.label,
    ...(varies ? [r.variant] : []),
    r.mean === null ? '—' : `${num(r.mean)} ± ${num(r.stderr)}`,
    `${r.done}/${r.seeds}`,
    r.paper === null ? '—' : num(r.paper, 3),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    `${sweep.name}: ${sweep.spec.dataset}, protocol ${protocol}`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}
