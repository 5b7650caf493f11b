/**
 * Build this package and `npm pack` it once per test process, the way a release would be made, so the
 * e2e tests install exactly what the Community Nodes panel would install.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { createUserFolder, ensureRuntime, importWorkflow, installPackageTarball, type CreateUserFolderOptions, type UserFolder } from './n8n-harness';

export const REPO_ROOT = findRepoRoot(__dirname);

/** The checkout's root: the nearest folder up whose package.json is this package (works from compiled copies too). */
function findRepoRoot(from: string): string {
	for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg) && /"name":\s*"n8n-nodes-ar-followup"/.test(fs.readFileSync(pkg, 'utf8'))) return dir;
	}
	return path.resolve(from, '..', '..');
}
let tarball: string | undefined;

export function packPackage(): string {
	if (tarball && fs.existsSync(tarball)) return tarball;
	const dest = path.join(REPO_ROOT, 'test', '.tmp', 'pack');
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: 'pipe' });
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], { cwd: REPO_ROOT, encoding: 'utf8' });
	const info = JSON.parse(out.slice(out.indexOf('['))) as Array<{ filename: string }>;
	tarball = path.join(dest, info[0].filename);
	return tarball;
}

/** A new n8n user folder with this package installed as the Community Nodes panel installs it. */
export async function userFolderWithPackage(opts: CreateUserFolderOptions = {}): Promise<UserFolder> {
	ensureRuntime();
	const tgz = packPackage();
	const uf = await createUserFolder(opts);
	await installPackageTarball(uf, tgz);
	return uf;
}

/** Write a workflow object into the user folder and import it. */
export async function importWorkflowObject(uf: UserFolder, fileName: string, workflow: unknown): Promise<{ id: string; name: string }> {
	const file = path.join(uf.dir, fileName);
	fs.writeFileSync(file, JSON.stringify(workflow));
	return importWorkflow(uf, file);
}
