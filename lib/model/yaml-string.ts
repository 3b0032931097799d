import { z } from 'zod';

/*
 * Strings edgefleet writes into YAML must come back identical from the
 * `yaml` package and from kubectl/kustomize (go-yaml). A few cannot, whatever
 * the emitter does with the rest; they are refused up front, with the reason.
 * Found by test/util/fast-yaml.test.ts and test/render/round-trip.test.ts
 * against yaml 2.9 and kubectl 1.32.
 */

/** A high surrogate without its low half, or a low one without its high half. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Control characters the `yaml` package writes unescaped; go-yaml refuses the file ("control characters are not allowed"). */
const RAW_CONTROL = /[\x7f-\x84\x86-\x9f\ufffe\uffff]/;
/**
 * NEL, LS and PS are line breaks in YAML 1.1 and go-yaml (its scanner's
 * is_break), ordinary characters in YAML 1.2 and the `yaml` package, which
 * writes them raw: kustomize would read a line break.
 */
const YAML11_BREAK = /[\x85\u2028\u2029]/;
/**
 * Multi-line text whose first non-empty line starts with a tab: the `yaml`
 * package writes a block scalar, which go-yaml refuses ("found a tab
 * character where an indentation space is expected").
 */
const TAB_FIRST_LINE = /^\n*\t/;
/** Blank multi-line text with a line starting with a space: the `yaml` package writes a block scalar that does not parse back. */
const BLANK_LINES = /^[ \t\n]*\n[ \t\n]*$/;

/** Why a string cannot be written to YAML and read back identical, or undefined when it can. */
export function unrepresentableReason(text: string): string | undefined {
  if (LONE_SURROGATE.test(text)) return 'holds a lone UTF-16 surrogate (not valid Unicode)';
  const control = RAW_CONTROL.exec(text) ?? YAML11_BREAK.exec(text);
  if (control)
    return `holds the character U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}, which kubectl/kustomize do not read back unchanged`;
  if (BLANK_LINES.test(text) && /(^|\n) /.test(text))
    return 'is blank lines only, one starting with a space, which YAML writers do not round-trip';
  if (text.includes('\n') && TAB_FIRST_LINE.test(text))
    return 'has several lines, the first non-empty one starting with a tab, which kubectl/kustomize refuse in YAML block text';
  return undefined;
}

/** Zod refinement: refuses strings YAML cannot carry exactly (see unrepresentableReason). */
export function refineYamlString(text: string, ctx: z.RefinementCtx): void {
  const reason = unrepresentableReason(text);
  if (reason) ctx.addIssue({ code: 'custom', message: `${reason}; remove or replace it` });
}

/** A string that survives writing, `yaml` parsing and kubectl kustomize exactly. */
export const yamlString = z.string().superRefine(refineYamlString);
