/**
 * Opens a page in Debian's headless Chromium from file:// with the network cut off, and returns
 * the DOM after scripts ran, the console messages, and a screenshot — all from one launch.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The Chromium binary, or undefined when it is not installed (BUZON_CHROMIUM=path overrides; =none pretends there is none). */
export function findChromium(): string | undefined {
  if (process.env.BUZON_CHROMIUM === 'none') return undefined;
  const candidates = [process.env.BUZON_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  for (const candidate of candidates) if (existsSync(candidate)) return candidate;
  try {
    const found = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
    return found || undefined;
  } catch {
    return undefined;
  }
}

export interface PageCapture {
  dom: string;
  /** Lines Chromium logged for the page's console (console.log/warn/error, uncaught errors). */
  console: string[];
  screenshot: Buffer;
}

export async function capturePage(
  chromium: string, htmlFile: string, options: { width?: number; height?: number; timeoutMs?: number } = {},
): Promise<PageCapture> {
  const profile = mkdtempSync(join(tmpdir(), 'buzon-chromium-'));
  const screenshot = join(profile, 'page.png');
  const args = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-default-apps', '--disable-extensions', '--mute-audio',
    `--user-data-dir=${profile}`,
    // No network: nothing resolves and every connection would go to a closed local port.
    '--host-resolver-rules=MAP * ~NOTFOUND', '--proxy-server=127.0.0.1:9', '--proxy-bypass-list=<-loopback>',
    '--enable-logging=stderr', '--v=0', '--hide-scrollbars', '--force-device-scale-factor=1',
    `--window-size=${options.width ?? 1000},${options.height ?? 6000}`,
    '--virtual-time-budget=15000', '--dump-dom', `--screenshot=${screenshot}`,
    pathToFileURL(htmlFile).href,
  ];
  try {
    const { stdout, stderr } = await run(chromium, args, options.timeoutMs ?? 180_000);
    const consoleLines = stderr.split('\n').filter((line) => /:CONSOLE[:(]/.test(line));
    if (!existsSync(screenshot)) throw new Error(`chromium wrote no screenshot; stderr:\n${stderr.slice(-2000)}`);
    return { dom: stdout, console: consoleLines, screenshot: readFileSync(screenshot) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], timeoutMs: number): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`chromium did not finish in ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve({ stdout, stderr });
    });
  });
}

/** Attributes of the chart elements in a dumped DOM: id, render status and box. */
export function chartStates(dom: string): Array<{ id: string; rendered: string; box?: { x: number; y: number; width: number; height: number }; svg: boolean }> {
  const states = [];
  const pattern = /<figure class="chart" id="chart-([^"]+)"([^>]*)>([\s\S]*?)<\/figure>/g;
  for (const match of dom.matchAll(pattern)) {
    const attributes = match[2]!;
    const rendered = /data-rendered="([^"]*)"/.exec(attributes)?.[1] ?? 'missing';
    const boxText = /data-box="([^"]*)"/.exec(attributes)?.[1];
    const [x, y, width, height] = boxText ? boxText.split(',').map(Number) : [];
    states.push({
      id: match[1]!, rendered, svg: /<svg[\s>]/.test(match[3]!),
      box: boxText ? { x: x!, y: y!, width: width!, height: height! } : undefined,
    });
  }
  return states;
}
