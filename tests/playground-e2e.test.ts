// The playground in a real browser: Debian's chromium, driven by playwright-core, goes through
// the year's main path as the people would (the office publishes, a coordinator reports, the
// office confirms, a leader reads the summary) and keeps a screenshot of each step in
// artifacts/playground/. Everything the page shows came through the real webhook and open API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startPlayground, type Playground } from '../playground/server';
import { SEED_NOTICE } from '../playground/demo-org';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/playground/', import.meta.url));

const TITLE = 'the playground in headless Chromium';

describe.skipIf(!hasChromium)(hasChromium ? TITLE : `${TITLE}: skipped, ${CHROMIUM} is absent (apt-get install -y chromium)`, () => {
  let pg: Playground;
  let profile: string;
  let browser: BrowserContext;
  let page: Page;
  /** The bot's log, printed when a step fails. */
  const logs: string[] = [];

  beforeAll(async () => {
    // Lark allows a card callback 3 s; a busy two-core CI machine gets more, so slowness shows as time, not as a flake.
    pg = await startPlayground({ port: 0, dataDir: null, callbackTimeoutMs: 20_000, log: (l) => logs.push(l), env: {} });
    profile = mkdtempSync(join(tmpdir(), 'duban-chromium-'));
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1440, height: 900 },
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(90_000);
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
    await pg?.close();
  }, 60_000);

  const eventually = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 90_000, interval: 250 });
  const shot = (name: string) => page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  const be = async (person: string, chatName: string) => {
    await page.getByTestId('person-picker').selectOption({ label: person });
    await page.getByTestId('chat-item').filter({ hasText: chatName }).first().click();
    await eventually(() => page.getByTestId('chat-title').textContent()).toContain(chatName === '督办（机器人）' ? '督办' : chatName);
  };
  const say = async (text: string) => {
    await page.getByTestId('composer').fill(text);
    await page.getByTestId('composer').press('Enter');
  };
  /** The newest card in the open chat whose header says `title`. */
  const card = (title: string): Locator =>
    page
      .getByTestId('card')
      .filter({ has: page.locator('.card-title', { hasText: title }) })
      .last();
  const toast = (text: string) => page.getByTestId('toast').filter({ hasText: text }).first();

  it('publish → 我的任务 → 汇报进展 → 待审核 → 汇总, as each person sees it', async () => {
    try {
      await walkThrough();
    } catch (e) {
      await shot('failed');
      console.error(`the bot's last log lines:\n${logs.slice(-40).join('\n')}`);
      throw e;
    }
  }, 600_000);

  // The steps are generous with time (a shared two-core machine), never with what must show.
  async function walkThrough() {
    await page.goto(pg.url);

    // The office drops the notice into its private chat with the bot and gets the preview.
    await be('王敏 · 政务公开办', '督办（机器人）');
    await page.getByTestId('file-input').setInputFiles(fileURLToPath(SEED_NOTICE));
    const preview = card('通知发布前预览');
    await eventually(() => preview.count()).toBe(1);
    await eventually(() => preview.textContent()).toContain('共 56 项任务');
    await shot('01-office-preview');

    // 发布 asks first (a confirm dialog); the answer replaces the preview with the delivery report.
    await preview.getByRole('button', { name: '发布' }).click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '确定' }).click();
    await toast('已发布').waitFor();
    await eventually(() => page.getByTestId('card').last().textContent()).toContain('已送达');
    await shot('02-office-published');

    // The department's group got its tasks from the outbox; its coordinator asks for 我的任务.
    await be('刘洋 · 联络员 · 区城乡建设和交通局', '区城乡建设和交通局工作群');
    await eventually(() => page.getByTestId('message').count()).toBeGreaterThan(0);
    await say('我的任务');
    const myTasks = card('我的任务');
    await myTasks.waitFor();
    await eventually(() => myTasks.textContent()).toContain('区城乡建设和交通局');
    await shot('03-coordinator-my-tasks');

    // 汇报进展: a required field left empty is refused in the client, then the filled form goes.
    await say('汇报进展');
    const form = card('汇报进展');
    await form.waitFor();
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('请填写此项').first().waitFor();
    await form.locator('select[name="task"]').selectOption({ index: 1 });
    await form.locator('select[name="status"]').selectOption({ label: '已完成' });
    await form.locator('textarea[name="progress"]').fill('已在政府网站公开栏目更新主动公开事项目录，并完成自查。');
    await form.locator('input[name="evidence"]').fill('https://www.example.gov.cn/zwgk/ml.html');
    await shot('04-coordinator-report-form');
    await form.getByRole('button', { name: '提交' }).click();
    await toast('进展已提交').waitFor();
    await shot('05-coordinator-reported');

    // The office's 待审核 queue has the report; 确认办结 (with its confirm dialog) closes it.
    await be('王敏 · 政务公开办', '督办（机器人）');
    await say('待审核');
    const queue = card('待审核');
    await queue.waitFor();
    await eventually(() => queue.textContent()).toContain('区城乡建设和交通局');
    await eventually(() => queue.textContent()).toContain('已在政府网站公开栏目更新主动公开事项目录');
    await shot('06-office-review-queue');
    await queue.getByRole('button', { name: '确认办结' }).first().click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: '确定' }).click();
    await eventually(async () => (await page.getByTestId('toast').allTextContents()).join(' ')).toMatch(/办结/);
    await shot('07-office-confirmed');

    // The department hears the outcome in its group: the outbox delivered the review result.
    await be('刘洋 · 联络员 · 区城乡建设和交通局', '区城乡建设和交通局工作群');
    await card('任务办结').waitFor();
    await shot('08-coordinator-closed');

    // The leader's 汇总: key figures and the two native charts, drawn from their VChart specs.
    await be('李建国 · 分管领导', '督办（机器人）');
    await say('汇总');
    const summary = card('政务公开工作汇总');
    await summary.waitFor();
    await eventually(() => summary.locator('[data-testid="chart"] canvas').count()).toBe(2);
    await eventually(() => summary.textContent()).toContain('最新进展');
    await eventually(() => summary.textContent()).toContain('区城乡建设和交通局');
    await summary.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot('09-leader-summary');

    // The raw panel shows the card callback as it went over the wire: encrypted and signed.
    await page.getByTestId('raw-toggle').click();
    const raw = page.getByTestId('raw-panel');
    await raw.getByText('card.action.trigger').first().click();
    await eventually(() => raw.locator('pre').first().textContent()).toContain('x-lark-signature');
    await shot('10-raw-requests');
    await page.getByTestId('raw-toggle').click();

    // A week on: the scheduler ticks every morning on the way, and Monday's digest reaches the leader.
    const before = await page.getByTestId('clock').textContent();
    await page.getByRole('button', { name: '+1 周' }).click();
    await toast('调度 7 次').waitFor();
    await eventually(() => page.getByTestId('clock').textContent()).not.toBe(before);
    await card('每周逾期通报').waitFor();
    await shot('11-leader-weekly-digest');
  }
});
