/*
 * Branch names as `git check-ref-format --branch` accepts them, checked
 * without running git. Rules from git-check-ref-format(1),
 * https://www.kernel.org/doc/man-pages/online/pages/man1/git-check-ref-format.1.html:
 * no component starting with "." or ending in ".lock"; no "..", no control
 * characters, space, "~", "^", ":", "?", "*", "[" or "\"; not beginning or
 * ending with "/", no "//"; not ending with "."; no "@{". A branch
 * shorthand may not start with "-" either. (A lone "@" is no refname, but
 * `git check-ref-format --branch` and `git branch` take it, and so do we.)
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTERS = /[\x00-\x20\x7f~^:?*[\\]/;

/** Why `name` is not a valid Git branch name, or undefined when it is one. */
export function branchNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.startsWith('-')) return 'starts with "-"';
  const bad = FORBIDDEN_CHARACTERS.exec(name);
  if (bad) return `contains ${JSON.stringify(bad[0])}, which Git forbids in ref names`;
  if (name.includes('..')) return 'contains ".."';
  if (name.includes('@{')) return 'contains "@{"';
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//'))
    return 'has an empty path component (a leading, trailing or doubled "/")';
  if (name.endsWith('.')) return 'ends with "."';
  const component = name.split('/').find((c) => c.startsWith('.') || c.endsWith('.lock'));
  if (component !== undefined) return `has the component "${component}", which starts with "." or ends with ".lock"`;
  return undefined;
}
