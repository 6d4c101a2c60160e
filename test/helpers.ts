import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { createMemoryLogger, type MemoryLogger } from '../src/core/logger.ts';
import { openContext, type BuzonContext } from '../src/db/context.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

/** An in-memory warehouse for one test, with a logger whose lines the test can read. */
export async function memoryContext(): Promise<BuzonContext & { logger: MemoryLogger }> {
  const logger = createMemoryLogger();
  const context = await openContext({ db: ':memory:', logger });
  return { ...context, logger };
}

/** A temporary folder removed when the test file ends. */
export function tempDir(prefix = 'buzon-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
