import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shownPath } from '../../../lambda/content/shown-path.ts';
import { frontMatterOffset } from '../../../lambda/preview/content-problem.ts';

describe('shownPath', () => {
  it('names a path below the working folder relative to it, and any other path as given', () => {
    expect(shownPath(resolve('content', 'a-story'))).toBe(join('content', 'a-story'));
    expect(shownPath(process.cwd())).toBe(process.cwd());
    expect(shownPath(resolve('..', 'elsewhere'))).toBe(resolve('..', 'elsewhere'));
  });
});

describe('frontMatterOffset', () => {
  it("counts an article's opening --- line, whatever its extension's case; story.yaml has none", () => {
    for (const file of ['content/s/bbc.md', 'content/s/BBC.MD', 'content/s/reuters.markdown']) {
      expect(frontMatterOffset(file), file).toBe(1);
    }
    expect(frontMatterOffset('content/s/story.yaml')).toBe(0);
  });
});
