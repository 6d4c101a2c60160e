import { decodeHead, readHead } from './file-encoding.ts';
import type { InputFile } from './input-files.ts';
import { looksLikeWhatsApp, parseWhatsAppText } from './whatsapp-parser.ts';

/**
 * The account owner of a set of chat exports: a campaign exports one file per conversation, and
 * the only author who writes in several of them is the campaign itself. Reads each file's first
 * 64 KiB; returns the author seen in the most files when that is at least two and no other ties.
 */
export function guessOwnerAcrossFiles(files: InputFile[]): string | undefined {
  const filesPerAuthor = new Map<string, number>();
  let chats = 0;
  for (const file of files) {
    const head = decodeHead(readHead(file.path));
    if (!looksLikeWhatsApp(head)) continue;
    chats++;
    const complete = head.slice(0, head.lastIndexOf('\n') + 1) || head;
    const authors = new Set(parseWhatsAppText(complete).entries.filter((e) => e.author && !e.system).map((e) => e.author!));
    for (const author of authors) filesPerAuthor.set(author, (filesPerAuthor.get(author) ?? 0) + 1);
  }
  if (chats < 2) return undefined;
  const ranked = [...filesPerAuthor].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best || best[1] < 2 || (second && second[1] === best[1])) return undefined;
  return best[0];
}
