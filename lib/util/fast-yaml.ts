import { stringify } from 'yaml';

/*
 * A YAML emitter for plain JSON data that writes exactly the bytes of
 * `yaml.stringify(value, YAML_OPTIONS)`, about 10x faster. Measured first:
 * with the `yaml` package, serialization was half the CPU time of a cold
 * 2,000-site synth (3.2 s of 6.5 s, see the "Performance" section of the
 * README); this emitter brings it to about a tenth of that.
 *
 * It only handles what it can do byte-identically: block maps and sequences,
 * integers, booleans, null, and strings that YAML writes plain. A scalar it
 * does not know how to write (a quoted string, a float) is written by the
 * `yaml` package as a sequence item, which gives the same bytes as anywhere
 * inside a document because, with lineWidth 0, single-line scalars never
 * fold (not as a document of its own: there `---` needs a block scalar).
 * Anything else (a multi-line scalar, an unusual key) makes the caller
 * serialize the whole document with the `yaml` package.
 * test/util/fast-yaml.test.ts compares both on every object of the example
 * fleet and on arbitrary JSON data with hostile strings (fast-check).
 */

/**
 * Plain strings go-yaml (kubectl, kustomize, Flux) reads as a number but the
 * YAML 1.2 core schema of the `yaml` package as a string: its resolve()
 * strips every `_`, then tries strconv.ParseInt(s, 0, 64) (signs, 0x, 0o, 0b,
 * leading-zero octal), ParseUint, its float regex and `0b`/`-0b`
 * (sigs.k8s.io/yaml/goyaml.v3/resolve.go, kubernetes/kubernetes vendor).
 * Slightly wider than go-yaml (it ignores 64-bit overflow): quoting a string
 * more than needed is harmless.
 */
const GO_YAML_NUMBER =
  /^(?!_)[-+]?_*(?:0_*[xX][_0-9a-fA-F]*[0-9a-fA-F][_0-9a-fA-F]*|0_*[oO][_0-7]*[0-7][_0-7]*|0_*[bB][_01]*[01][_01]*|(?:\.[_0-9]*[0-9][_0-9]*|[0-9][_0-9]*(?:\.[_0-9]*)?)(?:[eE]_*[-+]?[_0-9]*[0-9][_0-9]*)?)$/;

/**
 * Plain strings go-yaml reads as a timestamp (its parseTimestamp: `2006-1-2`,
 * then optionally `T`, `t` or a space and a time); kustomize then writes
 * `2001-12-14` back as `2001-12-14T00:00:00Z`. Wider than go-yaml, harmlessly.
 */
const GO_YAML_TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][^]*)?$/;

/** Plain strings YAML 1.1 reads as a boolean, as sigs.k8s.io/yaml (go-yaml v2) does for kustomization.yaml: a label value `n` would become false. */
const GO_YAML_BOOL = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$/;

/**
 * Makes `yaml` quote the strings of a pattern: it quotes a string when a
 * default tag of the schema matches it (stringifyString). Never used to parse.
 */
const quoteWhen = (name: string, test: RegExp) => ({
  tag: `tag:edgefleet.dev,2025:${name}`,
  default: true,
  test,
  resolve: (text: string) => text,
});

/** Options of every `yaml` serialization edgefleet does. */
export const YAML_OPTIONS = {
  sortMapEntries: true,
  lineWidth: 0,
  aliasDuplicateObjects: false,
  customTags: [
    quoteWhen('go-yaml-number', GO_YAML_NUMBER),
    quoteWhen('go-yaml-timestamp', GO_YAML_TIMESTAMP),
    quoteWhen('go-yaml-bool', GO_YAML_BOOL),
  ],
};

/** Thrown inside the emitter when the whole document must go through the `yaml` package. */
const UNSUPPORTED = Symbol('unsupported');

/** Characters a plain scalar may have here; the first one more strictly, so no indicator starts it. */
const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@=+\-, ()]*$/;
/** Plain strings the YAML 1.2 core schema would read as null or a boolean (they start with one of `~nNtTfF`). */
const NULL_OR_BOOL = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
/** Plain strings the core schema would read as a number (they start with a digit or a dot, here): int, octal, hex, float, exponent, inf, nan. */
const NUMBER = /^(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF|nan|NaN|NAN))$/;

function isPlainUncached(text: string): boolean {
  if (!PLAIN.test(text) || text.endsWith(' ') || text.endsWith(':') || text.includes(': ')) return false;
  const first = text.charCodeAt(0);
  if ((first >= 48 && first <= 57) || first === 46)
    return !NUMBER.test(text) && !GO_YAML_NUMBER.test(text) && !GO_YAML_TIMESTAMP.test(text);
  return !NULL_OR_BOOL.test(text) && !GO_YAML_BOOL.test(text);
}

/**
 * Whether strings are plain, by string: keys and most values recur in every
 * cluster (`metadata`, `app.kubernetes.io/name`, image names). The regexes
 * were 0.8 s of a 33 s cold synth of 10,000 sites (`--jobs 1`, CPU profile);
 * with the memo the emitter took 46 to 153 ms against 73 to 290 ms for the
 * 16,500 documents of a 300-site synthetic tree (5 passes, 3 interleaved
 * runs on a loaded machine). Building each document as one concatenated
 * string instead of joining lines was faster still, but left V8 cons-strings
 * (ropes) in the tree until written: the peak RSS of a cold 10,000-site
 * synth went from about 600 to 1,070 MiB.
 */
const plain = new Map<string, boolean>();
const PLAIN_MAX = 50_000;

function isPlain(text: string): boolean {
  let known = plain.get(text);
  if (known === undefined) {
    known = isPlainUncached(text);
    if (plain.size >= PLAIN_MAX) plain.clear();
    plain.set(text, known);
  }
  return known;
}

/**
 * Scalars written by the `yaml` package, by value: the same few quoted
 * strings recur in every cluster's config (regexes of relabel rules), and
 * asking the package each time cost a second in a 10,000-site synth.
 */
const quoted = new Map<unknown, string>();
const QUOTED_MAX = 10_000;

function quotedScalar(value: string | number): string {
  let text = quoted.get(value);
  if (text === undefined) {
    // As a sequence item (`- x\n`): a document of its own writes `---` as a block scalar.
    text = stringify([value], YAML_OPTIONS).slice(2, -1);
    if (text.includes('\n')) throw UNSUPPORTED;
    if (quoted.size >= QUOTED_MAX) quoted.clear();
    quoted.set(value, text);
  }
  return text;
}

function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A scalar or an empty collection, as written after `key: ` or `- `. */
function inline(value: unknown): string {
  switch (typeof value) {
    case 'string':
      if (isPlain(value)) return value;
      if (value.includes('\n')) throw UNSUPPORTED;
      return quotedScalar(value);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : quotedScalar(value);
    case 'boolean':
      return String(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value) && value.length === 0) return '[]';
      if (isMap(value) && Object.keys(value).length === 0) return '{}';
  }
  throw UNSUPPORTED;
}

function isBlock(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : isMap(value) && Object.keys(value).some((k) => value[k] !== undefined);
}

function emitMap(map: Record<string, unknown>, pad: string, out: string[]): void {
  const keys = Object.keys(map)
    .filter((k) => map[k] !== undefined)
    .sort();
  for (const key of keys) {
    // At column 0, `...` would end the document: `yaml` quotes such a key.
    if (key.length > 1000 || !isPlain(key) || (pad === '' && key.startsWith('...'))) throw UNSUPPORTED;
    const value = map[key];
    if (isBlock(value)) {
      out.push(`${pad}${key}:\n`);
      emitBlock(value, `${pad}  `, out);
    } else {
      out.push(`${pad}${key}: ${inline(value)}\n`);
    }
  }
}

function emitSeq(items: readonly unknown[], pad: string, out: string[]): void {
  for (const item of items) {
    if (!isBlock(item)) {
      out.push(`${pad}- ${inline(item)}\n`);
      continue;
    }
    // A collection in a sequence starts on the dash line: emit it two deeper, then put the dash in.
    const first = out.length;
    emitBlock(item, `${pad}  `, out);
    out[first] = `${pad}- ${out[first].slice(pad.length + 2)}`;
  }
}

function emitBlock(value: unknown, pad: string, out: string[]): void {
  if (Array.isArray(value)) emitSeq(value, pad, out);
  else emitMap(value as Record<string, unknown>, pad, out);
}

/** `yaml.stringify(value, YAML_OPTIONS)`, fast for the JSON data Kubernetes objects are. */
export function fastYaml(value: unknown): string {
  if (!isBlock(value)) return stringify(value, YAML_OPTIONS);
  const out: string[] = [];
  try {
    emitBlock(value, '', out);
  } catch (error) {
    if (error !== UNSUPPORTED) throw error;
    return stringify(value, YAML_OPTIONS);
  }
  return out.join('');
}
