import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { InputError } from '../core/errors.ts';

/** One file to import: on disk (a zip's entries are extracted to a temporary folder first). */
export interface InputFile {
  path: string;
  /** How the file is named to the user: `export.zip:_chat.txt` for a zip entry. */
  displayName: string;
  /** The conversation's name, when the file (or its zip) is named like a WhatsApp export. */
  chatName?: string;
  /** Files in the same zip that are not imported (media attached to a chat export); on the zip's first entry. */
  ignoredFiles?: number;
}

export interface ExpandedInputs {
  files: InputFile[];
  /** Removes the temporary folders zips were extracted to. */
  dispose(): void;
}

/** Entries of a zip that are read as message files; everything else (photos, audio) is counted and left. */
const IMPORTABLE = /\.(txt|csv|json|ndjson|jsonl)$/i;
const GLOB_CHARS = /[*?[]/;
const CHAT_NAME = /^(?:WhatsApp Chat (?:with|-|con) |Chat de WhatsApp con |Conversa do WhatsApp com )(.+?)(?:\.(?:txt|zip))?$/i;

/**
 * Files named, folders walked (sorted, hidden files skipped), glob patterns matched (`*`, `?`,
 * `[…]`, `**`; for shells that pass them through unexpanded), zips opened.
 */
export async function expandInputs(inputs: string[]): Promise<ExpandedInputs> {
  const paths: string[] = [];
  for (const input of inputs) {
    if (existsSync(input)) {
      if (statSync(input).isDirectory()) paths.push(...walk(input));
      else paths.push(input);
    } else if (GLOB_CHARS.test(input)) {
      const matched = matchGlob(input);
      if (!matched.length) throw new InputError('no file matches this pattern', { file: input });
      paths.push(...matched);
    } else {
      throw new InputError('no such file or folder', { file: input });
    }
  }
  const temporary: string[] = [];
  const files: InputFile[] = [];
  try {
    for (const path of paths) {
      if (/\.zip$/i.test(path)) {
        const dir = mkdtempSync(join(tmpdir(), 'buzon-zip-'));
        temporary.push(dir);
        files.push(...(await extractZip(path, dir)));
      } else {
        files.push({ path, displayName: basename(path), chatName: chatNameOf(basename(path)) });
      }
    }
  } catch (error) {
    for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return { files, dispose: () => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })) };
}

/** Fails on the first input that is neither a file, a folder nor a pattern matching something (checked before any work). */
export function checkInputsExist(inputs: string[]): void {
  for (const input of inputs) {
    if (existsSync(input)) continue;
    if (GLOB_CHARS.test(input) && matchGlob(input).length) continue;
    throw new InputError(GLOB_CHARS.test(input) ? 'no file matches this pattern' : 'no such file or folder', { file: input });
  }
}

export function chatNameOf(fileName: string): string | undefined {
  return CHAT_NAME.exec(fileName)?.[1]?.trim() || undefined;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((entry) => !entry.split(sep).some((part) => part.startsWith('.')))
    .sort()
    .map((entry) => join(dir, entry))
    .filter((path) => statSync(path).isFile());
}

/** Files matching a glob: the fixed leading folders, then the rest matched against every path below. */
export function matchGlob(pattern: string): string[] {
  const parts = pattern.split(/[\\/]/);
  const firstGlob = parts.findIndex((part) => GLOB_CHARS.test(part));
  const base = parts.slice(0, firstGlob).join('/') || (pattern.startsWith('/') ? '/' : '.');
  if (!existsSync(base) || !statSync(base).isDirectory()) return [];
  const matcher = globRegExp(parts.slice(firstGlob).join('/'));
  return walk(base).filter((path) => matcher.test(relative(base, path).split(sep).join('/')));
}

export function globRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) source += '\\[';
      else {
        source += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Extracts a zip's importable entries into `dir` (streamed, never in memory) and counts the rest. */
async function extractZip(zipPath: string, dir: string): Promise<InputFile[]> {
  const zipName = basename(zipPath);
  const zip = await new Promise<yauzl.ZipFile>((resolvePromise, reject) =>
    yauzl.open(zipPath, { lazyEntries: true, autoClose: true }, (error, opened) => (error ? reject(new InputError(`cannot open zip (${error.message})`, { file: zipName })) : resolvePromise(opened))));
  const extracted: InputFile[] = [];
  let ignored = 0;
  await new Promise<void>((resolvePromise, reject) => {
    zip.on('error', (error: Error) => reject(new InputError(`cannot read zip (${error.message})`, { file: zipName })));
    zip.on('end', () => resolvePromise());
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      const base = basename(name);
      if (name.endsWith('/') || name.startsWith('__MACOSX/') || base.startsWith('.')) {
        zip.readEntry();
        return;
      }
      if (!IMPORTABLE.test(base)) {
        ignored++;
        zip.readEntry();
        return;
      }
      const target = join(dir, String(extracted.length), base);
      extracted.push({
        path: target,
        displayName: `${zipName}:${name}`,
        chatName: chatNameOf(base) ?? chatNameOf(zipName),
      });
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(new InputError(`cannot read ${name} (${error.message})`, { file: zipName }));
        mkdirSync(dirname(target), { recursive: true });
        const sink = createWriteStream(target);
        pipeline(stream, sink).then(() => zip.readEntry(), reject);
      });
    });
    zip.readEntry();
  });
  if (!extracted.length) throw new InputError(`zip holds no message file (.txt, .csv, .json, .ndjson); ${ignored} other files`, { file: zipName });
  extracted[0]!.ignoredFiles = ignored;
  return extracted;
}
