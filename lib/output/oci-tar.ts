import { gzipSync } from 'node:zlib';
import { InvalidInputError } from '../util/errors';

/*
 * A minimal ustar writer: no maintained tar library is a dependency
 * (tar-stream is only cdktf's own, nested copy), and an artifact needs only
 * regular files and directories with fixed headers. Headers are sanitised as
 * fluxcd/pkg tar/tar.go (Tar) does for `flux push artifact`: uid/gid 0, no
 * user or group names, mtime zero; modes are fixed too (0644 files, 0755
 * directories), so the bytes depend on the paths and contents alone.
 */

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

function header(path: string, size: number, directory: boolean): Buffer {
  const block = Buffer.alloc(BLOCK);
  // ustar splits long names into prefix (155 bytes) "/" name (100 bytes).
  const cut = path.length > 100 ? path.lastIndexOf('/', 155) : -1;
  const [prefix, name] = cut > 0 ? [path.slice(0, cut), path.slice(cut + 1)] : ['', path];
  if (Buffer.byteLength(name) > 100 || Buffer.byteLength(prefix) > 155)
    throw new InvalidInputError(`${path}: too long for a tar header (ustar holds 255 bytes)`);
  block.write(name, 0);
  block.write(octal(directory ? 0o755 : 0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(0, 12), 136);
  block.write(' '.repeat(8), 148);
  block.write(directory ? '5' : '0', 156);
  block.write('ustar\0' + '00', 257);
  block.write(prefix, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

/** Every directory above the files, each once. */
function directoriesOf(paths: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(`${parts.slice(0, i).join('/')}/`);
  }
  return [...dirs];
}

/** The tar of `files` (path relative to the archive root to bytes): entries in code-unit order of their paths, directories included, then the two zero blocks. */
export function deterministicTar(files: ReadonlyMap<string, Buffer>): Buffer {
  const entries = [...directoriesOf([...files.keys()]), ...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const chunks: Buffer[] = [];
  for (const path of entries) {
    const content = files.get(path);
    chunks.push(header(path, content?.length ?? 0, content === undefined));
    if (!content) continue;
    chunks.push(content, Buffer.alloc((BLOCK - (content.length % BLOCK)) % BLOCK));
  }
  chunks.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(chunks);
}

/** Offset of the OS byte in a gzip header (RFC 1952, 2.3). */
const GZIP_OS_OFFSET = 9;

/**
 * Gzip with a header that does not depend on the machine: Node's zlib writes
 * mtime 0 and no file name, but the OS byte of the platform, which is set to
 * 255 ("unknown", as Go's compress/gzip writes). The header has no CRC
 * (FHCRC unset), so the byte may be changed.
 */
export function deterministicGzip(data: Buffer): Buffer {
  const gz = gzipSync(data, { level: 9 });
  gz[GZIP_OS_OFFSET] = 255;
  return gz;
}
