import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const sourceRoots = ['src-main', 'src-renderer', 'src-shared', 'test', 'bench', 'scripts', 'bin'];
const sourceFile = /\.(ts|js|cjs|mjs|svelte|css|html|json)$/;
/** A Markdown file name as source text cites it (`docs/science.md §4`, `README.md`); URLs are not files of ours. */
const mdReference = /(?<![\w/.:-])((?:[\w.-]+\/)*[\w.-]+\.md)\b/g;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    return sourceFile.test(entry.name) ? [full] : [];
  });
}

/** Every `*.md` a source line cites, as `file:line: reference`, where no such file exists. */
function danglingReferences(): string[] {
  const dangling: string[] = [];
  for (const file of sourceRoots.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        for (const [, reference] of line.matchAll(mdReference)) {
          const candidates = [
            path.join(root, reference!),
            path.join(path.dirname(file), reference!),
          ];
          if (!candidates.some((candidate) => existsSync(candidate)))
            dangling.push(`${path.relative(root, file)}:${index + 1}: ${reference}`);
        }
      });
  }
  return dangling;
}

/** The section numbers (`## 4. …`) of a document in docs/. */
function sectionsOf(doc: string): Set<number> {
  const text = readFileSync(path.join(root, 'docs', doc), 'utf8');
  return new Set([...text.matchAll(/^## (\d+)\./gm)].map((m) => Number(m[1])));
}

/** Every `docs/<doc>.md §N` (also `§4–5`, `§2, §4`) whose section does not exist. */
function danglingSections(): string[] {
  const dangling: string[] = [];
  const citation = /docs\/(\w+\.md) ((?:§\d+(?:[–-]\d+)?(?:, )?)+)/g;
  for (const file of sourceRoots.flatMap((dir) => sourceFiles(path.join(root, dir)))) {
    for (const [, doc, cited] of readFileSync(file, 'utf8').matchAll(citation)) {
      const sections = sectionsOf(doc!);
      for (const n of cited!.match(/\d+/g) ?? []) {
        if (!sections.has(Number(n)))
          dangling.push(`${path.relative(root, file)}: docs/${doc} §${n}`);
      }
    }
  }
  return dangling;
}

describe('references to documents', () => {
  it('cites only sections the docs have', () => {
    expect(danglingSections()).toEqual([]);
  });

  it('cites only Markdown files that are in the repository', () => {
    expect(danglingReferences()).toEqual([]);
  });

  it('finds the docs the code cites', () => {
    const cited = sourceRoots
      .flatMap((dir) => sourceFiles(path.join(root, dir)))
      .some((file) => readFileSync(file, 'utf8').includes('docs/science.md §'));
    expect(cited).toBe(true);
  });
});
