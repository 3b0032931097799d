import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { branchNameProblem } from '../../lib/model/git-ref';
import { tempDir } from '../support/synth-sites';
import { describeWithTool } from '../support/tools';

describeWithTool('git')('branchNameProblem agrees with git check-ref-format --branch', () => {
  // Outside any repository, so "@" and "@{-1}" are not expanded to a branch of this one.
  const cwd = tempDir();
  const gitAccepts = (name: string) => {
    try {
      execFileSync('git', ['check-ref-format', '--branch', name], { cwd, stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  };

  test.each([
    'main',
    'release/edge-2',
    'feature..x',
    'a.lock',
    'x/.y',
    'a//b',
    '/a',
    'a/',
    'a.',
    '@',
    'a@{b',
    'a b',
    'a~b',
    'a^b',
    'a:b',
    'a?b',
    'a*b',
    'a[b',
    'a\\b',
    '-a',
    'v1.2.3',
    'a/b.lock/c',
  ])('%s', (name) => {
    expect(branchNameProblem(name) === undefined).toBe(gitAccepts(name));
  });

  test('on generated names', () => {
    const chars = fc.constantFrom(...'ab/.-@{}~^:?*[\\ lock'.split(''));
    fc.assert(
      fc.property(
        fc.array(chars, { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
        (name) => {
          expect(branchNameProblem(name) === undefined).toBe(gitAccepts(name));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });
});
