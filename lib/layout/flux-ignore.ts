/**
 * GitRepository `spec.ignore` (gitignore syntax) that keeps only the given
 * directories. Git cannot re-include a path below an excluded directory, so
 * every ancestor is re-included and its other children excluded, level by
 * level.
 */
export function keepOnlyIgnore(dirs: readonly string[]): string {
  const lines = ['/*'];
  const opened = new Set<string>(['']);
  for (const dir of [...dirs].sort()) {
    const parts = dir.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const path = parts.slice(0, i).join('/');
      if (opened.has(path)) continue;
      opened.add(path);
      lines.push(`!/${path}/`);
      if (i < parts.length) lines.push(`/${path}/*`);
    }
  }
  return `${lines.join('\n')}\n`;
}
