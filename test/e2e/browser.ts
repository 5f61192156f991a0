import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = 'test-results';

export interface Session {
  browser: Browser;
  page: Page;
  /** Console errors and page errors seen so far. */
  errors: string[];
}

/** Debian's Chromium, headless, one page that records its console errors. */
export async function openBrowser(url: string): Promise<Session> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  mkdirSync(SHOTS, { recursive: true });
  return { browser, page, errors };
}

/** Drops a file on an element the way a file manager does (a DataTransfer with one File). */
export async function dropFile(
  page: Page,
  selector: string,
  index: number,
  file: { name: string; bytes: Buffer },
): Promise<void> {
  await page.evaluate(
    ({ selector, index, name, base64 }) => {
      const target = document.querySelectorAll(selector)[index];
      if (!target) throw new Error(`no ${selector}[${index}]`);
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name, { type: 'audio/wav' }));
      for (const type of ['dragenter', 'dragover', 'drop'])
        target.dispatchEvent(
          new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }),
        );
    },
    { selector, index, name: file.name, base64: file.bytes.toString('base64') },
  );
}
