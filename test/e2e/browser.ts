/**
 * Headless Chromium (Debian's `chromium`, installed by test/e2e/ensure-system.sh) driven by playwright-core,
 * for the editor and report screenshot tests. Never downloads a browser.
 *
 *   const browser = await launchChromium();
 *   const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
 *   await page.goto(url); await page.screenshot({ path });
 *   await browser.close();
 */
import * as fs from 'fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export function chromiumPath(): string | undefined {
	const fromEnv = process.env.CHROMIUM_PATH;
	if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
	return CHROMIUM_PATHS.find((p) => fs.existsSync(p));
}

/**
 * The flags keep Chromium off the network (this machine's network is closed: background connections would
 * be refused by the dozen) and runnable as root.
 */
export async function launchChromium(): Promise<Browser> {
	const executablePath = chromiumPath();
	if (!executablePath) throw new Error('Chromium not found: run `bash test/e2e/ensure-system.sh` (Debian package chromium)');
	// playwright gives the browser a new empty profile of its own (it refuses a --user-data-dir flag)
	return chromium.launch({
		executablePath,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-dev-shm-usage',
		],
	});
}
