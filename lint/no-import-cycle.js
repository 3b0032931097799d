'use strict';
const { readFileSync, statSync } = require('node:fs');
const { dirname, relative, resolve } = require('node:path');
const ts = require('typescript');

/*
 * Reports an import that closes a cycle of relative imports, type-only ones
 * included. import-x/no-cycle skips `import type` edges, but a cycle of types
 * is still two modules that cannot be understood (or moved) one without the
 * other, so here every edge counts: import, export ... from, import() and
 * import('...') types.
 */

/** Relative specifiers a file on disk imports, by path, kept while its mtime holds. */
const specifiersCache = new Map();
/** Resolved paths of files on disk, by `<importing dir>\0<specifier>`, for the life of the process (one lint run). */
const resolvedCache = new Map();

function specifiersOf(file) {
  const mtime = statSync(file).mtimeMs;
  const hit = specifiersCache.get(file);
  if (hit && hit.mtime === mtime) return hit.specifiers;
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const specifiers = [...new Set(importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('.')))];
  specifiersCache.set(file, { mtime, specifiers });
  return specifiers;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The .ts file a relative specifier names; `linted` counts as existing (an editor's unsaved file). */
function resolveModule(from, specifier, linted) {
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`];
  if (candidates.includes(linted)) return linted;
  const key = `${dirname(from)}\0${specifier}`;
  if (!resolvedCache.has(key)) resolvedCache.set(key, candidates.find(isFile));
  return resolvedCache.get(key);
}

/** The shortest chain of imports from `start` back to `file`, or undefined. */
function pathBack(start, file) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const at = queue.shift();
    for (const next of specifiersOf(at).map((s) => resolveModule(at, s, file))) {
      if (next === undefined) continue;
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
const noImportCycle = {
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
      const target = resolveModule(file, source.value, file);
      if (!target || target === file) return;
      const chain = pathBack(target, file);
      if (chain)
        context.report({
          node: source,
          messageId: 'cycle',
          data: { chain: [file, ...chain, file].map((p) => relative(cwd, p)).join(' -> ') },
        });
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

module.exports = { noImportCycle };
