import {existsSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import puppeteer, {type Browser, type Page} from 'puppeteer-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {tempDirPerTest} from '../helpers/temp.js';
import {comparisonRun, hostileName} from '../helpers/html-run.js';

/** Debian's chromium (`.ci/run` installs it, as it does tmux); CHROMIUM_PATH names another. */
const chromium = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => path && existsSync(path));
const tempDir = tempDirPerTest();

type Drawn = {charts: number; empty: string[]; imgs: number; hostileText: boolean; overflow: number; background: string; axisColour: string};

/**
 * In the page: every chart's lines and bars with a real size on screen, and what the reader sees.
 * Plain JavaScript run by the browser (the project's types know no DOM, on purpose).
 */
const inspect = async (page: Page, hostile: string): Promise<Drawn> =>
	(await page.evaluate(`(() => {
		const charts = [...document.querySelectorAll('figure svg[viewBox]')];
		const drawn = (shape) => { const box = shape.getBBox(); return box.width > 0 || box.height > 0; };
		const empty = charts
			.filter((chart) => ![...chart.querySelectorAll('g[aria-label="line"] path, g[aria-label="rect"] rect, g[aria-label="dot"] circle')].some(drawn))
			.map((chart) => chart.closest('figure').querySelector('figcaption').textContent);
		const axis = document.querySelector('figure svg[viewBox] g[aria-label="y-axis tick label"] text');
		return {
			charts: charts.length,
			empty,
			imgs: document.querySelectorAll('img').length,
			hostileText: document.querySelector('#results-table tbody th').innerText.includes(${JSON.stringify(hostile)}),
			overflow: document.documentElement.scrollWidth - window.innerWidth,
			background: getComputedStyle(document.body).backgroundColor,
			axisColour: axis ? getComputedStyle(axis).fill : '',
		};
	})()`)) as Drawn;

const luminance = (colour: string) => {
	const [red = 0, green = 0, blue = 0] = (colour.match(/\d+/g) ?? []).map(Number);
	return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255;
};

describe.skipIf(!chromium && !process.env['CI'])('the HTML report in headless Chromium', () => {
	let browser: Browser;
	beforeAll(async () => {
		if (!chromium) throw new Error("Debian's chromium is not installed: apt-get install -y chromium");
		browser = await puppeteer.launch({executablePath: chromium, args: ['--no-sandbox', '--disable-gpu', '--headless=new']});
	});
	afterAll(async () => {
		await browser?.close();
	});

	it('draws every chart, logs no error, fetches nothing and shows a hostile name as text, light, dark and on a phone', async () => {
		const {result, html} = await comparisonRun(tempDir());
		expect(result.code).toBe(0);
		const page = await browser.newPage();
		const problems: string[] = [];
		const requests: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
		});
		page.on('pageerror', (error) => problems.push(String(error)));
		page.on('dialog', (dialog) => {
			problems.push(`dialog: ${dialog.message()}`);
			void dialog.dismiss();
		});
		page.on('request', (request) => requests.push(request.url()));
		await page.setViewport({width: 1200, height: 900});
		const url = pathToFileURL(html).href;
		await page.goto(url, {waitUntil: 'load'});

		const light = await inspect(page, hostileName);
		expect(light.charts).toBeGreaterThanOrEqual(14);
		expect(light.empty).toEqual([]);
		expect(light.imgs).toBe(0);
		expect(light.hostileText).toBe(true);
		expect(luminance(light.background)).toBeGreaterThan(0.9);
		expect(luminance(light.axisColour)).toBeLessThan(0.3);

		const screenshot = join(tempDir(), 'report.png');
		await page.screenshot({path: screenshot, fullPage: true});
		expect(statSync(screenshot).size).toBeGreaterThan(50_000);

		await page.emulateMediaFeatures([{name: 'prefers-color-scheme', value: 'dark'}]);
		const dark = await inspect(page, hostileName);
		expect(luminance(dark.background)).toBeLessThan(0.15);
		expect(luminance(dark.axisColour)).toBeGreaterThan(0.7);

		await page.setViewport({width: 390, height: 844, isMobile: true});
		const phone = await inspect(page, hostileName);
		expect(phone.overflow).toBeLessThanOrEqual(0);
		expect(phone.empty).toEqual([]);

		expect(problems).toEqual([]);
		// The page itself (loaded again for the phone's viewport), and nothing else.
		expect(new Set(requests)).toEqual(new Set([url]));
	});
});
