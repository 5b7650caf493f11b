import { readFileSync } from 'fs';
import { join } from 'path';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'events');

/** A fixture as raw text (what a webhook receives, byte for byte). */
export function fixtureText(rel: string): string {
	return readFileSync(join(FIXTURES, rel), 'utf8');
}

/** A fixture parsed. */
export function fixture<T = Record<string, unknown>>(rel: string): T {
	return JSON.parse(fixtureText(rel)) as T;
}
