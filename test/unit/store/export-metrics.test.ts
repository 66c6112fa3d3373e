import { describe, expect, it } from 'vitest';
import { metricsCsv, metricsJson, MetricsWriter } from '../../../src-main/backend/store';
import { makeRun, memoryStore } from './helpers';

function setup() {
  const db = memoryStore();
  const { id } = makeRun(db);
  const writer = new MetricsWriter(db);
  for (let step = 0; step < 25; step++) {
    writer.append(
      id,
      step,
      { loss: 1 / (step + 1), 'bpd,"x"': step === 3 ? Number.NaN : step },
      1000 + step,
    );
  }
  writer.close();
  return { db, id };
}

describe('metrics export', () => {
  it('writes CSV in chunks, quoting awkward keys and leaving NaN empty', () => {
    const { db, id } = setup();
    const chunks = [...metricsCsv(db, id, { chunkRows: 7 })];
    expect(chunks.length).toBe(1 + Math.ceil(50 / 7));
    const lines = chunks.join('').trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,key,step,value,time');
    expect(lines).toHaveLength(51);
    expect(lines[1]).toBe(`${id},"bpd,""x""",0,0,1000`);
    expect(lines[4]).toBe(`${id},"bpd,""x""",3,,1003`);
    expect(lines[26]).toBe(`${id},loss,0,1,1000`);
  });

  it('writes JSON in chunks that parse back to the same series', () => {
    const { db, id } = setup();
    const json = JSON.parse([...metricsJson(db, id, { chunkRows: 4 })].join(''));
    expect(json.run.id).toBe(id);
    expect(Object.keys(json.metrics)).toEqual(['bpd,"x"', 'loss']);
    expect(json.metrics.loss).toHaveLength(25);
    expect(json.metrics.loss[1]).toEqual([1, 0.5, 1001]);
    expect(json.metrics['bpd,"x"'][3]).toEqual([3, null, 1003]);
  });

  it('exports only chosen keys, and empty runs', () => {
    const { db, id } = setup();
    const json = JSON.parse([...metricsJson(db, id, { keys: ['loss'] })].join(''));
    expect(Object.keys(json.metrics)).toEqual(['loss']);
    const empty = makeRun(db);
    expect(JSON.parse([...metricsJson(db, empty.id)].join('')).metrics).toEqual({});
    expect([...metricsCsv(db, empty.id)].join('')).toBe('run_id,key,step,value,time\n');
  });

  it('leaves the connection free between chunks, so the writer can flush mid-export', () => {
    const { db, id } = setup();
    const chunks = metricsCsv(db, id, { chunkRows: 10 })[Symbol.iterator]();
    chunks.next();
    chunks.next();
    const writer = new MetricsWriter(db);
    writer.append(id, 99, { loss: 0 });
    expect(writer.flush().count).toBe(1);
  });

  it('refuses an unknown run at once', () => {
    const { db } = setup();
    expect(() => metricsCsv(db, 99)).toThrow('run 99 does not exist');
    expect(() => metricsJson(db, 99)).toThrow('run 99 does not exist');
  });
});
