import { describe, expect, it } from 'vitest';
import { attachmentName, downloadUrl, parseDownloadQuery } from '#shared/api/downloads';
import { contentDisposition } from '../../../src-main/backend/http/download-route';

describe('download requests', () => {
  it('round-trip through the route URL', () => {
    const request = { runId: 7, what: 'samples-csv' as const, step: 40 };
    const url = new URL(downloadUrl(request), 'http://x');
    expect(url.pathname).toBe('/api/download');
    expect(parseDownloadQuery(url.searchParams)).toEqual(request);
    expect(parseDownloadQuery(new URLSearchParams('runId=1&what=weights'))).toEqual({
      runId: 1,
      what: 'weights',
    });
  });

  it('refuse unknown fields (no path can be named), repeats, bad numbers and kinds', () => {
    const refusal = (query: string) => {
      try {
        parseDownloadQuery(new URLSearchParams(query));
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    };
    expect(refusal('runId=1&what=params&folder=/etc')).toBe('folder: is not a known field');
    expect(refusal('runId=1&what=params&what=weights')).toBe('what: is given more than once');
    expect(refusal('runId=0&what=params')).toMatch(/^runId: expected a number ≥ 1/);
    expect(refusal('runId=1.5&what=params')).toMatch(/^runId: expected a finite number/);
    expect(refusal('runId=1&what=mdm.sqlite')).toMatch(/^what: /);
    expect(refusal('runId=1&what=samples-png&step=-1')).toMatch(/^step: /);
  });
});

describe('Content-Disposition', () => {
  it('names the file for old and new clients, and reads back to the same name', () => {
    expect(contentDisposition('run-1-params.zip')).toBe(
      `attachment; filename="run-1-params.zip"; filename*=UTF-8''run-1-params.zip`,
    );
    const odd = 'rün "2"%.csv';
    expect(contentDisposition(odd)).toBe(
      `attachment; filename="r_n _2__.csv"; filename*=UTF-8''r%C3%BCn%20%222%22%25.csv`,
    );
    expect(attachmentName(contentDisposition(odd))).toBe(odd);
    expect(attachmentName('attachment; filename="a.zip"')).toBe('a.zip');
    expect(attachmentName(null)).toBeNull();
  });
});
