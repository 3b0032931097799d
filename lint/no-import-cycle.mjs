import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/*
 * Reports an import that closes a cycle of relative imports, type-only ones
 * included. import-x/no-cycle skips `import type` edges, but a cycle of types
 * is still two modules that cannot be understood (or moved) one without the
 * other, so here every edge counts: import, export ... from, import() and
 * import('...') types.
 */

/** Imports of files on disk, by path, kept while their mtime holds. */
const cache = new Map();

function importsOfText(file, text) {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return [...new Set(importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.')).map((s) => resolveModule(file, s)).filter(Boolean))];
}

function importsOfFile(file) {
  const mtime = statSync(file).mtimeMs;
  const hit = cache.get(file);
  if (hit && hit.mtime === mtime) return hit.imports;
  const imports = importsOfText(file, readFileSync(file, 'utf8'));
  cache.set(file, { mtime, imports });
  return imports;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function resolveModule(from, specifier) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  return candidates.find(isFile);
}

/** The shortest chain of imports from `start` back to `file`, or undefined. */
function pathBack(start, file) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    for (const next of importsOfFile(at)) {
      if (next === file) {
        const chain = [at];
        for (let p = previous.get(at); p !== undefined; p = previous.get(p)) chain.unshift(p);
        return chain;
      }
      if (!previous.has(next)) {
        previous.set(next, at);
        queue.push(next);
      }
    }
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid cycles of relative imports, type-only imports included' },
    messages: { cycle: 'import cycle: {{chain}}; move what both need down to the lower module' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const cwd = context.cwd;
    function check(node) {
      const source = node.source ?? node.argument?.literal ?? node.argument;
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = resolveModule(file, source.value);
      if (!target || target === file) return;
      const chain = pathBack(target, file);
      if (chain) context.report({ node: source, messageId: 'cycle', data: { chain: [file, ...chain, file].map((p) => relative(cwd, p)).join(' -> ') } });
    }
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
      TSImportType: check,
    };
  },
};
