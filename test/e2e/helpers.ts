import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/** Drops a file onto the page the way a person dragging it from the desktop would. */
export async function dropFile(page: Page, filePath: string, name = path.basename(filePath)): Promise<void> {
  const base64 = fs.readFileSync(filePath).toString('base64');
  await page.evaluate(
    ({ base64, name }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], name));
      for (const type of ['dragenter', 'dragover', 'drop']) {
        window.dispatchEvent(
          new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
        );
      }
    },
    { base64, name },
  );
}

/** Saves a screenshot under test-results/screenshots (and into docs/screenshots when UPDATE_SCREENSHOTS=1). */
export async function keepScreenshot(page: Page, name: string): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const out = path.join(root, 'test-results', 'screenshots', `${name}.png`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await page.screenshot({ path: out });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const kept = path.join(root, 'docs', 'screenshots', `${name}.png`);
    fs.mkdirSync(path.dirname(kept), { recursive: true });
    fs.copyFileSync(out, kept);
  }
}

/** Calls the lab API from the page (same origin, the page's token); a failed call throws with the lab's message. */
export async function callApi<T>(page: Page, method: string, args: unknown): Promise<T> {
  const envelope = await page.evaluate(
    async ({ method, args }) => {
      const token = sessionStorage.getItem('rnn-lab-token') ?? '';
      const response = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lab-token': token },
        body: JSON.stringify(args),
      });
      return (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
    },
    { method, args },
  );
  if (!envelope.ok) throw new Error(`${method} failed: ${envelope.error?.message ?? 'no message'}`);
  return envelope.value as T;
}
