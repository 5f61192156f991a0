/**
 * A new user's whole journey in web mode, through the real engine and worker: paste a three-turn
 * script, drop two voice files, generate, see three clips, move one, regenerate one, undo, play,
 * export WAV + SRT, save, reopen. Bad inputs on the way: a corrupt audio file, an empty turn and a
 * project file cut in half each get a message and lose nothing. Screenshots go to test-results/.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakePack } from '../unit/helpers/fake-pack.js';
import { dropFile, openBrowser, SHOTS, type Session } from './browser.js';
import { startWebMode, type WebMode } from './web-mode.js';

const SCRIPT = 'Alice: Good morning!\nBob: Morning. Did the storm wake you?\nAlice: It did.';
const TINY = 'models/tiny';

let web: WebMode;
let session: Session;
let projects: string;

function soxAvailable(): boolean {
  try {
    execFileSync('sox', ['--version']);
    return true;
  } catch {
    return false;
  }
}

function pack(): string {
  // The project's own tiny pack when it is there; otherwise a small synthetic one (not speech).
  if (existsSync(join(TINY, 'manifest.json')) && process.env.E2E_FAKE_PACK !== '1') return TINY;
  const dir = join(mkdtempSync(join(tmpdir(), 'e2e-pack-')), 'pack');
  writeFakePack(dir);
  return dir;
}

beforeAll(async () => {
  projects = mkdtempSync(join(tmpdir(), 'e2e-projects-'));
  web = await startWebMode({ SOUNDSTORM_PACK: pack(), SOUNDSTORM_PROJECTS: projects });
  session = await openBrowser(web.url);
});

afterAll(async () => {
  await session?.browser.close();
  await web?.stop();
});

const page = () => session.page;
const count = (testId: string) => page().getByTestId(testId).count();
const waitCount = (testId: string, n: number, timeout = 120_000) =>
  page().waitForFunction(
    ([id, want]) => document.querySelectorAll(`[data-testid="${id}"]`).length === want,
    [testId, n] as const,
    { timeout },
  );
async function alertText(): Promise<string> {
  const alert = page().getByRole('alert');
  await alert.waitFor();
  const text = (await alert.textContent()) ?? '';
  await alert.getByRole('button', { name: 'Close' }).click();
  await alert.waitFor({ state: 'detached' });
  return text;
}

describe('a new user in web mode', () => {
  it('starts on a new project with empty states that say what to do', async () => {
    await page().getByTestId('speakers-empty').waitFor();
    await page().getByTestId('script-empty').waitFor();
    await page().waitForFunction(() =>
      document.querySelector('[data-testid="engine-status"]')?.textContent?.startsWith('Ready'),
    );
    expect(await page().getByTestId('project-name').textContent()).toBe('Untitled');
    expect(await page().getByRole('button', { name: 'Generate', exact: true }).isDisabled()).toBe(true);
    await page().screenshot({ path: `${SHOTS}/1-new-project.png` });
  });

  it('pastes a three-turn script: new names become speakers', async () => {
    await page().getByRole('textbox', { name: 'Paste script' }).fill(SCRIPT);
    await page().getByRole('button', { name: 'Add turns' }).click();
    await waitCount('turn', 3);
    expect(await count('speaker-card')).toBe(2);
    expect(await page().getByTestId('generate-blocker').textContent()).toBe(
      'Drop a voice sample on Alice, Bob',
    );
  });

  it('takes two dropped voice files and shows their waveforms', async () => {
    for (const [index, name] of ['alice.wav', 'bob.wav'].entries()) {
      await dropFile(page(), '[data-testid="voice-drop"]', index, {
        name,
        bytes: readFileSync(`assets/demo/${name}`),
      });
      await page()
        .getByTestId('speaker-card')
        .nth(index)
        .getByRole('img', { name: 'Voice waveform' })
        .waitFor();
    }
    expect(await page().getByTestId('speaker-card').nth(0).textContent()).toMatch(/alice\.wav · \d+\.\d s/);
  });

  it('refuses a corrupt audio file with the reason and keeps the voice it had', async () => {
    await dropFile(page(), '[data-testid="voice-drop"]', 0, {
      name: 'broken.wav',
      bytes: Buffer.from('RIFF\0\0not audio'),
    });
    expect(await alertText()).toMatch(/^broken\.wav: .+/);
    expect(await page().getByTestId('speaker-card').nth(0).textContent()).toMatch(/alice\.wav/);
  });

  it('generates every turn onto its speaker lane', async () => {
    await page().getByRole('button', { name: 'Generate', exact: true }).click();
    await waitCount('clip', 3);
    await page().getByRole('img', { name: 'Clip waveform' }).nth(2).waitFor();
    expect(await count('lane')).toBe(2);
    await page().waitForFunction(() =>
      document.querySelector('[data-testid="engine-status"]')?.textContent?.startsWith('Ready'),
    );
    await page().screenshot({ path: `${SHOTS}/2-generated.png` });
  });

  it('moves a clip by dragging it', async () => {
    const clip = page().getByTestId('clip').nth(1);
    const before = Number(await clip.getAttribute('data-start'));
    const box = await clip.boundingBox();
    if (box === null) throw new Error('clip not visible');
    await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 5 });
    await page().mouse.up();
    await page().waitForFunction(
      (was) =>
        Number(document.querySelectorAll('[data-testid="clip"]')[1]?.getAttribute('data-start')) > was + 0.5,
      before,
    );
  });

  it('regenerates one turn as a new take, and undo goes back to the old take', async () => {
    await page().getByTestId('turn').nth(2).getByRole('button', { name: 'Regenerate' }).click();
    await page().getByRole('combobox', { name: 'Take' }).waitFor({ timeout: 120_000 });
    await page().screenshot({ path: `${SHOTS}/3-regenerated.png` });
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 5 } });
    await page().keyboard.press('Control+z');
    await page().getByRole('combobox', { name: 'Take' }).waitFor({ state: 'detached' });
    expect(await count('clip')).toBe(3);
  });

  it('regenerates a span selected inside a clip (Shift+drag)', async () => {
    const clip = page().getByTestId('clip').nth(2);
    const box = await clip.boundingBox();
    if (box === null) throw new Error('clip not visible');
    const y = box.y + box.height / 2;
    await page().keyboard.down('Shift');
    await page().mouse.move(box.x + box.width * 0.3, y);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width * 0.7, y, { steps: 4 });
    await page().mouse.up();
    await page().keyboard.up('Shift');
    await page().getByTestId('span-selection').waitFor();
    await page().getByRole('button', { name: 'Regenerate span' }).click();
    await page().getByRole('combobox', { name: 'Take' }).waitFor({ timeout: 120_000 });
    expect(await count('clip')).toBe(3);
  });

  it('switches a clip back to an older take', async () => {
    const take = page().getByRole('combobox', { name: 'Take' });
    expect(await take.textContent()).toBe('Take 2');
    await take.click();
    await page().getByRole('option', { name: 'Take 1' }).click();
    // The menu's invisible backdrop fades out after the list closes; it would take the next click.
    await page().waitForFunction(() => document.querySelector('.MuiBackdrop-root') === null);
    await page().waitForFunction(
      () => document.querySelector('[role="combobox"][aria-label="Take"]')?.textContent === 'Take 1',
    );
  });

  it('trims a clip at its end, and undo restores it', async () => {
    const clip = page().getByTestId('clip').nth(0);
    const width = async () => (await clip.boundingBox())?.width ?? 0;
    const before = await width();
    const handle = clip.locator('[aria-label="Trim end"]');
    const box = await handle.boundingBox();
    if (box === null) throw new Error('trim handle not visible');
    await page().mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page().mouse.down();
    await page().mouse.move(box.x + box.width / 2 - 30, box.y + box.height / 2, { steps: 5 });
    await page().mouse.up();
    expect(await width()).toBeLessThan(before - 20);
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 5 } });
    await page().keyboard.press('Control+z');
    await page().waitForFunction(
      (was) =>
        Math.abs((document.querySelector('[data-testid="clip"]')?.getBoundingClientRect().width ?? 0) - was) <
        1,
      before,
    );
  });

  it('draws a loop region on the ruler and toggles looping with L', async () => {
    const loop = page().getByRole('button', { name: 'Loop' });
    expect(await loop.isDisabled()).toBe(true);
    const ruler = await page().getByTestId('ruler').boundingBox();
    if (ruler === null) throw new Error('ruler not visible');
    await page().mouse.move(ruler.x + 20, ruler.y + 10);
    await page().mouse.down();
    await page().mouse.move(ruler.x + 140, ruler.y + 10, { steps: 5 });
    await page().mouse.up();
    await page().getByTestId('loop-region').waitFor();
    expect(await loop.getAttribute('aria-pressed')).toBe('true');
    await page()
      .locator('body')
      .click({ position: { x: 5, y: 5 } });
    await page().keyboard.press('l');
    await page().waitForFunction(
      () => document.querySelector('button[aria-label="Loop"]')?.getAttribute('aria-pressed') === 'false',
    );
  });

  it('mutes and solos lanes from their headers', async () => {
    const mute = page().getByRole('button', { name: 'Mute Alice' });
    const solo = page().getByRole('button', { name: 'Solo Bob' });
    await mute.click();
    await solo.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');
    expect(await solo.getAttribute('aria-pressed')).toBe('true');
    // Only Bob's lane will sound: Alice's is dimmed.
    expect(
      await page()
        .locator('[data-audible]')
        .evaluateAll((lanes) => lanes.map((l) => l.getAttribute('data-audible'))),
    ).toEqual(['false', 'true']);
    await page().screenshot({ path: `${SHOTS}/3b-arranged.png` });
    await mute.click();
    await solo.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('false');
    expect(await solo.getAttribute('aria-pressed')).toBe('false');
  });

  it('gives a turn its own voice when a sample is dropped on it, and marks its clip stale', async () => {
    await dropFile(page(), '[data-testid="turn"]', 0, {
      name: 'bob.wav',
      bytes: readFileSync('assets/demo/bob.wav'),
    });
    await page().getByTestId('turn').nth(0).getByText('own voice').waitFor();
    expect(await page().getByTestId('turn').nth(0).getByTestId('turn-state').textContent()).toBe('Stale');
    expect(await page().getByTestId('clip').nth(0).getAttribute('data-stale')).toBe('true');
  });

  it('plays the timeline with the space bar', async () => {
    await page().keyboard.press('Space');
    await page().waitForFunction(
      () => document.querySelector('[data-testid="transport-time"]')?.textContent !== '00:00.0',
    );
    await page().keyboard.press('Space');
    await page().getByRole('button', { name: 'Play', exact: true }).waitFor();
  });

  it('exports a WAV mix and SRT subtitles', async () => {
    await page().getByRole('button', { name: 'Export (Ctrl+E)' }).click();
    await page().getByRole('button', { name: 'Export', exact: true }).click();
    const result = page().getByTestId('export-result');
    await result.waitFor({ timeout: 60_000 });
    await page().screenshot({ path: `${SHOTS}/4-exported.png` });
    const files = await page().getByTestId('export-file').allTextContents();
    const wav = files.find((f) => f.endsWith('.wav'));
    const srt = files.find((f) => f.endsWith('.srt'));
    expect(wav && readFileSync(wav).subarray(0, 4).toString()).toBe('RIFF');
    expect(srt && readFileSync(srt, 'utf8')).toMatch(/Bob: Morning\. Did the storm wake you\?/);
    // Any player reads it: sox (where installed) decodes the whole file.
    if (wav && soxAvailable()) {
      const stat = spawnSync('sox', [wav, '-n', 'stat'], { encoding: 'utf8' });
      expect(stat.status).toBe(0);
      expect(stat.stderr).toMatch(/Length \(seconds\):\s+[1-9]/);
    }
    await page().getByRole('button', { name: 'Done' }).click();
  });

  it('says an empty turn has no text and keeps it', async () => {
    await page().getByRole('button', { name: 'Add turn', exact: true }).click();
    await waitCount('turn', 4);
    await page().getByTestId('turn').nth(3).getByRole('button', { name: 'Regenerate' }).click();
    expect(await alertText()).toMatch(/no text yet/);
    expect(await count('turn')).toBe(4);
  });

  it('saves, and reopens the project as it was', async () => {
    await page().getByRole('button', { name: 'Save (Ctrl+S)' }).click();
    expect(await alertText()).toMatch(/^Saved Untitled/);
    await page().reload();
    await waitCount('turn', 4, 30_000);
    await waitCount('clip', 3, 30_000);
    await page().getByRole('img', { name: 'Clip waveform' }).nth(2).waitFor();
    await page().screenshot({ path: `${SHOTS}/5-reopened.png` });
  });

  it('offers unsaved changes left by a crash on the next start', async () => {
    const folder = join(projects, 'untitled');
    const saved = JSON.parse(readFileSync(join(folder, 'project.json'), 'utf8')) as { name: string };
    const autosavedAt = new Date(Date.now() + 1000).toISOString();
    mkdirSync(join(folder, 'autosave'), { recursive: true });
    writeFileSync(
      join(folder, 'autosave', `${autosavedAt.replace(/[:.]/g, '-')}.json`),
      JSON.stringify({ autosavedAt, project: { ...saved, name: 'Untitled, edited' } }),
    );
    await page().reload();
    await page().getByRole('dialog', { name: 'Recover unsaved changes?' }).waitFor();
    await page().getByRole('button', { name: 'Recover' }).click();
    await page().waitForFunction(() =>
      document.querySelector('[data-testid="project-name"]')?.textContent?.startsWith('Untitled, edited'),
    );
    await page().keyboard.press('Control+z');
    expect(await page().getByTestId('project-name').textContent()).toBe('Untitled');
  });

  it('reports a project file cut in half and leaves it and the open project alone', async () => {
    const folder = join(projects, 'cut');
    mkdirSync(folder);
    const saved = readFileSync(join(projects, 'untitled', 'project.json'), 'utf8');
    const half = saved.slice(0, Math.floor(saved.length / 2));
    writeFileSync(join(folder, 'project.json'), half);
    await page().getByRole('button', { name: 'Open project (Ctrl+O)' }).click();
    await page().getByRole('textbox', { name: 'Project folder' }).fill(folder);
    await page().getByRole('button', { name: 'Open', exact: true }).click();
    // The dialog stays up so another folder can be picked; the message shows once it is closed.
    await page().getByRole('button', { name: 'Cancel' }).click();
    expect(await alertText()).toMatch(/cut off/);
    expect(readFileSync(join(folder, 'project.json'), 'utf8')).toBe(half);
    expect(await count('turn')).toBe(4);
  });

  it('logs no errors', () => {
    expect(session.errors).toEqual([]);
  });
});

describe('web mode socket', () => {
  it('refuses a socket without the page token', async () => {
    const result = await page().evaluate(
      () =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://${location.host}/api?token=wrong`);
          socket.onopen = () => resolve('opened');
          socket.onerror = () => resolve('refused');
        }),
    );
    expect(result).toBe('refused');
  });
});
